-- Issue 9: which parcel locator decided visibility (background | full_frame), and why it could not judge a frame
-- (camera fault, e.g. a fixed camera's frame size changed). Null on traces stored before this version.
ALTER TABLE agent_trace ADD COLUMN parcel_locator VARCHAR(32);
ALTER TABLE agent_trace ADD COLUMN locator_fault VARCHAR;
