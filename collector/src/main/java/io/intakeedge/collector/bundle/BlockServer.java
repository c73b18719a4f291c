package io.intakeedge.collector.bundle;

import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.mqtt.PahoClients;
import io.intakeedge.sync.protocol.BlockRequest;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.protocol.ProtocolException;
import io.intakeedge.sync.protocol.Topic;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The central side of bundle delivery: answers stations' block requests (MQTT 5 request/response) with the blocks
 * of archives in an {@link ArchiveStore}, one binary message per block on the request's response topic, the
 * request's correlation data echoed on each. Stateless per station: a station asks for what it lacks, in any order,
 * as often as it needs.
 *
 * <p>What it refuses, counted per reason and answered with an error message where the response topic is the
 * requester's own: a response topic that is not the requester's {@code blocks} topic (never answered: the server
 * must not be a reflector that floods another station), missing correlation data, an invalid request, an archive
 * the store does not hold, blocks past its end, a block size larger than the broker's packets allow, and more than
 * {@link Settings#maxQueuedPerDevice()} blocks queued for one station.
 */
public final class BlockServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockServer.class);
    private static final int QOS = 1;
    private static final long TIMEOUT_MS = 10_000;
    private static final int MAX_CORRELATION_BYTES = 64;

    /**
     * @param shareGroup         MQTT 5 shared-subscription group, so several servers split the requests; empty: none
     * @param maxQueuedPerDevice most blocks waiting to be sent to one station
     * @param window             most blocks published and not yet acknowledged by the broker
     */
    public record Settings(String shareGroup, int maxQueuedPerDevice, int window) {
        public static final Settings DEFAULTS = new Settings("intake-block-servers", 1024, 16);
    }

    private final MqttAsyncClient client;
    private final ArchiveStore store;
    private final Settings settings;
    private final ExecutorService sender;
    private final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong blocksSent = new AtomicLong();
    private final Deque<IMqttToken> inFlight = new ArrayDeque<>();
    private volatile long maxPacketSize = 128 * 1024;
    private volatile int window;
    private volatile boolean closing;

    private BlockServer(MqttAsyncClient client, ArchiveStore store, Settings settings) {
        this.client = client;
        this.store = store;
        this.settings = settings;
        this.window = settings.window();
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "block-server-" + client.getClientId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (clean start, automatic reconnect), subscribes, and serves until closed. */
    public static BlockServer start(String brokerUrl, String clientId, ArchiveStore store, Settings settings)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        BlockServer server = new BlockServer(client, store, settings);
        client.setCallback(server.new Callback());
        try {
            IMqttToken connected = client.connect(CentralLink.options());
            connected.waitForCompletion(TIMEOUT_MS);
            server.learnLimits(connected.getResponseProperties());
            server.subscribe();
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        LOG.info("block server {} serving {} on {} (requests {})", clientId, store.dir(), brokerUrl,
                server.subscription());
        return server;
    }

    public BlockServerStats stats() {
        Map<String, Long> r = new TreeMap<>();
        refused.forEach((k, v) -> r.put(k, v.get()));
        return new BlockServerStats(requests.get(), blocksSent.get(), r);
    }

    private String subscription() {
        return settings.shareGroup().isEmpty() ? BundleTopics.ALL_BLOCK_REQUESTS
                : "$share/" + settings.shareGroup() + "/" + BundleTopics.ALL_BLOCK_REQUESTS;
    }

    private void subscribe() throws MqttException {
        client.subscribe(new MqttSubscription(subscription(), QOS)).waitForCompletion(TIMEOUT_MS);
    }

    private void learnLimits(MqttProperties connack) {
        if (connack == null) {
            return;
        }
        Optional.ofNullable(connack.getMaximumPacketSize()).ifPresent(m -> maxPacketSize = Math.min(m, 128 * 1024));
        Optional.ofNullable(connack.getReceiveMaximum()).ifPresent(m -> window = Math.max(1, Math.min(m,
                settings.window())));
    }

    private final class Callback implements MqttListener {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onRequest(topic, message);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            CentralLink.resubscribe(reconnect, sender, BlockServer.this::subscribe, LOG, "block server");
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closing) {
                LOG.warn("block server disconnected: {}", response);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("block server MQTT error: {}", exception.getMessage());
        }
    }

    /** Runs on Paho's callback thread: checks cheaply and queues; the sender thread reads and publishes. */
    private void onRequest(String topic, MqttMessage message) {
        requests.incrementAndGet();
        Optional<Topic.Device> who = BundleTopics.deviceOf(topic, "block-request");
        if (who.isEmpty()) {
            refuse("bad_topic", topic, null, null, null);
            return;
        }
        Topic.Device device = who.get();
        String replyTo = BundleTopics.blocks(device.site(), device.device());
        MqttProperties props = message.getProperties();
        if (props == null || !replyTo.equals(props.getResponseTopic())) {
            refuse("bad_response_topic", topic, null, null, null);
            return;
        }
        byte[] correlation = props.getCorrelationData();
        if (correlation == null || correlation.length == 0 || correlation.length > MAX_CORRELATION_BYTES) {
            refuse("bad_correlation", topic, null, null, null);
            return;
        }
        BlockRequest request;
        try {
            request = BlockRequest.parse(message.getPayload());
        } catch (ProtocolException e) {
            refuse("invalid_request", topic, replyTo, correlation, null);
            LOG.debug("invalid block request on {}: {}", topic, e.getMessage());
            return;
        }
        if (request.blockSize() > maxPacketSize - 1024) {
            refuse("block_too_large", topic, replyTo, correlation, request.sha256());
            return;
        }
        String key = device.site() + "/" + device.device();
        List<Integer> indexes = request.indexes();
        AtomicInteger count = queued.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.addAndGet(indexes.size()) > settings.maxQueuedPerDevice()) {
            count.addAndGet(-indexes.size());
            refuse("busy", topic, replyTo, correlation, request.sha256());
            return;
        }
        try {
            sender.execute(() -> {
                try {
                    serve(topic, replyTo, correlation, request, indexes);
                } finally {
                    count.addAndGet(-indexes.size());
                }
            });
        } catch (RejectedExecutionException e) {
            count.addAndGet(-indexes.size()); // closing: the station asks again later
        }
    }

    private void serve(String topic, String replyTo, byte[] correlation, BlockRequest request, List<Integer> indexes) {
        Optional<ArchiveStore.Stored> archive;
        try {
            archive = store.find(request.sha256());
        } catch (IOException e) {
            LOG.error("cannot serve archive {}: {}", request.sha256(), e.getMessage());
            refuse("store_error", topic, replyTo, correlation, request.sha256());
            return;
        }
        if (archive.isEmpty()) {
            refuse("unknown_archive", topic, replyTo, correlation, request.sha256());
            return;
        }
        long blocks = (archive.get().size() + request.blockSize() - 1) / request.blockSize();
        if (indexes.get(indexes.size() - 1) >= blocks) {
            refuse("block_out_of_range", topic, replyTo, correlation, request.sha256());
            return;
        }
        try (FileChannel in = FileChannel.open(archive.get().file(), StandardOpenOption.READ)) {
            for (int index : indexes) {
                if (closing) {
                    return;
                }
                publish(replyTo, block(in, index, request.blockSize(), archive.get().size()),
                        properties(correlation, request.sha256(), index));
                blocksSent.incrementAndGet();
            }
        } catch (IOException | MqttException e) {
            LOG.warn("sending blocks of {} to {} stopped: {} (the station asks again)", request.sha256(), replyTo,
                    e.getMessage());
        }
    }

    private static byte[] block(FileChannel in, int index, int blockSize, long size) throws IOException {
        long offset = (long) index * blockSize;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(blockSize, size - offset));
        while (buf.hasRemaining()) {
            if (in.read(buf, offset + buf.position()) < 0) {
                throw new IOException("archive shorter than expected at block " + index);
            }
        }
        return buf.array();
    }

    private static MqttProperties properties(byte[] correlation, String sha256, int index) {
        MqttProperties p = new MqttProperties();
        p.setCorrelationData(correlation);
        p.setContentType(BlockRequest.BLOCK_CONTENT_TYPE);
        p.setUserProperties(List.of(new UserProperty(BlockRequest.PROP_SHA256, sha256),
                new UserProperty(BlockRequest.PROP_BLOCK, Integer.toString(index))));
        return p;
    }

    /** Publishes with QoS 1, keeping at most {@code window} messages unacknowledged by the broker. */
    private void publish(String topic, byte[] payload, MqttProperties properties) throws MqttException {
        MqttMessage m = new MqttMessage(payload, QOS, false, properties);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true) {
            while (inFlight.size() >= window) {
                inFlight.removeFirst().waitForCompletion(TIMEOUT_MS);
            }
            try {
                inFlight.addLast(client.publish(topic, m));
                return;
            } catch (MqttException e) {
                // Paho counts in-flight messages its own way (and the broker's receive maximum can be lower than
                // the window): wait for the oldest block to be acknowledged and try again, instead of cutting a run
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                if (inFlight.isEmpty()) {
                    sleepBriefly();
                } else {
                    inFlight.removeFirst().waitForCompletion(TIMEOUT_MS);
                }
            }
        }
    }

    private static void sleepBriefly() throws MqttException {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(e);
        }
    }

    private void refuse(String reason, String topic, String replyTo, byte[] correlation, String sha256) {
        refused.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        LOG.debug("block request on {} refused: {}", topic, reason);
        if (replyTo == null) {
            return;
        }
        MqttProperties p = new MqttProperties();
        p.setCorrelationData(correlation);
        p.setContentType("application/json");
        p.setUserProperties(List.of(new UserProperty(BlockRequest.PROP_ERROR, reason),
                new UserProperty(BlockRequest.PROP_SHA256, sha256 == null ? "" : sha256)));
        String body = "{\"schema\":\"intake.block-error/1\",\"error\":\"" + reason + "\"}";
        try {
            // QoS 0: an error answer is advisory (the station asks again after its request timeout), and a QoS 1 one
            // would take one of Paho's in-flight slots that the sender's block window counts on ("Too many publishes
            // in progress" cut block runs short when many requests were refused at once)
            client.publish(replyTo, new MqttMessage(body.getBytes(StandardCharsets.UTF_8), 0, false, p));
        } catch (MqttException e) {
            LOG.debug("error answer to {} not sent: {}", replyTo, e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PahoClients.disconnectAndClose(client, Duration.ofSeconds(5), "block server");
    }
}
