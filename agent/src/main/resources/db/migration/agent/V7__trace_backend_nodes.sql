-- How much of the model the trace's backend ran (issue 13): XNNPACK or a delegate may take only part of the graph.
-- NULL when no backend ran and for traces stored before this version. (V5..V7 are other branches' migrations.)
ALTER TABLE agent_trace ADD COLUMN backend_nodes INTEGER;
ALTER TABLE agent_trace ADD COLUMN model_nodes INTEGER;
