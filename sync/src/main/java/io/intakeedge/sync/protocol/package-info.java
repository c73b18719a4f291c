/**
 * The MQTT contract v1 as Java types (see docs/mqtt.md): {@link io.intakeedge.sync.protocol.Topic topic names},
 * the {@link io.intakeedge.sync.protocol.BatchEnvelope batch envelope}, the retained
 * {@link io.intakeedge.sync.protocol.StatusMessage status} and the {@link io.intakeedge.sync.protocol.BatchCodec codec}.
 * Shared by the agent's publisher and the central collector.
 */
package io.intakeedge.sync.protocol;
