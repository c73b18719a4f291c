package io.intakeedge.collector.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.protocol.Json;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The always-on half of rollouts (docs/collector.md, "Rollout controller"): the fleet CLI runs only when an operator
 * runs it, so the collector watches every retained rollout document and every station's retained bundle state, and
 * halts a rollout by itself when {@link RolloutTally} says enough stations failed it: the rollout document is
 * republished retained with {@code halted_at}, {@code halt_reason} and {@code failed_devices} (what {@code fleet
 * status} shows and {@code fleet promote --rollout} refuses), and the rollout's retained job documents are cleared,
 * so no station that has not yet seen the job picks it up. It holds no operator key: what stations already fetched,
 * only a signed {@code fleet cancel} withdraws.
 */
public final class RolloutController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutController.class);
    private static final long TIMEOUT_MS = 10_000;

    private final MqttAsyncClient client;
    private final String site;
    private final RolloutTally tally = new RolloutTally();
    private final ExecutorService worker;
    private final AtomicLong halts = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    private RolloutController(MqttAsyncClient client, String site) {
        this.client = client;
        this.site = site;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rollout-controller-" + client.getClientId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects (clean start, automatic reconnect: the retained messages arrive again), subscribes, and watches.
     *
     * @param site the site whose rollouts it controls, {@code +} for every site
     */
    public static RolloutController start(String brokerUrl, String clientId, String site) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        RolloutController controller = new RolloutController(client, site);
        client.setCallback(controller.new Callback());
        try {
            client.connect(CentralLink.options()).waitForCompletion(TIMEOUT_MS);
            controller.subscribe();
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        LOG.info("rollout controller {} watching {} and {}", clientId, BundleTopics.rollouts(site),
                BundleTopics.states(site));
        return controller;
    }

    /** Rollouts halted by this controller since it started. */
    public long halts() {
        return halts.get();
    }

    /** Messages on the watched topics that were not JSON objects (counted, otherwise ignored). */
    public long unreadable() {
        return unreadable.get();
    }

    /** Stations counted as failing a rollout so far, with why. */
    public Map<String, String> failures(String site, String rolloutId) {
        return tally.failures(site, rolloutId);
    }

    private void subscribe() throws MqttException {
        client.subscribe(new MqttSubscription[]{new MqttSubscription(BundleTopics.rollouts(site), 1),
                new MqttSubscription(BundleTopics.states(site), 1)}).waitForCompletion(TIMEOUT_MS);
    }

    private void onMessage(String topic, byte[] payload) {
        String[] p = topic.split("/", -1);
        boolean rollout = p.length == 6 && "fleet".equals(p[3]) && "rollouts".equals(p[4]);
        if (payload.length == 0 || p.length != 6) {
            if (rollout) {
                tally.forget(p[2], p[5]); // fleet clean cleared it
            }
            return;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(payload);
        } catch (IOException e) {
            node = null;
        }
        if (!(node instanceof ObjectNode doc)) {
            unreadable.incrementAndGet();
            LOG.debug("rollout controller: {} is not a JSON object; ignored", topic);
            return;
        }
        Optional<RolloutTally.Halt> halt = rollout ? tally.onRollout(p[2], doc)
                : "bundle".equals(p[4]) && "state".equals(p[5]) ? tally.onState(p[2], p[3], doc) : Optional.empty();
        halt.ifPresent(h -> worker.execute(() -> carryOut(h)));
    }

    private void carryOut(RolloutTally.Halt h) {
        try {
            client.publish(BundleTopics.rollout(h.site(), h.rolloutId()),
                    new MqttMessage(Json.mapper().writeValueAsBytes(h.document()), 1, true, null))
                    .waitForCompletion(TIMEOUT_MS);
            for (String topic : h.jobTopics()) {
                client.publish(topic, new MqttMessage(new byte[0], 1, true, null)).waitForCompletion(TIMEOUT_MS);
            }
            halts.incrementAndGet();
            LOG.warn("rollout {}/{} halted: {}; cleared {}", h.site(), h.rolloutId(),
                    h.document().path("halt_reason").asText(), h.jobTopics());
        } catch (MqttException | IOException e) {
            // the tally counts it halted; the collector's next start reads the retained states and halts again
            LOG.error("halting rollout {}/{} failed: {}", h.site(), h.rolloutId(), e.toString());
        }
    }

    private final class Callback implements MqttListener {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message.getPayload());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            CentralLink.resubscribe(reconnect, worker, RolloutController.this::subscribe, LOG, "rollout controller");
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            client.disconnect().waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            LOG.debug("rollout controller disconnect: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("rollout controller close: {}", e.getMessage());
            }
        }
    }
}
