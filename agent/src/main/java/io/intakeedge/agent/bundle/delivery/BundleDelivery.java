package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.sync.mqtt.Backoff;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.protocol.BundleTopics;
import org.eclipse.paho.mqttv5.common.MqttException;
import io.intakeedge.profiles.ThreadNice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The station's bundle downloader (docs/mqtt.md, "Bundle delivery"): hears retained job documents for its device,
 * its groups and its site, fetches the archive block by block from the central block server over MQTT 5
 * request/response, keeps the missing-block set in H2 ({@link DownloadStore}) so it resumes after a restart or a lost
 * connection, and hands the finished, hash-checked archive to a {@link BundleInbox}. Everything runs on one thread of
 * its own; decisions never wait for it. Progress: {@link #status()}, the retained state topic, station events.
 */
public final class BundleDelivery implements AutoCloseable, BundleStateReporter {
    private static final Logger LOG = LoggerFactory.getLogger(BundleDelivery.class);
    private static final int SAVE_EVERY_BLOCKS = 32;
    private static final long SAVE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Who this station is and which group jobs it follows. */
    public record Station(String site, String device, Set<String> groups) {
        public Station {
            groups = Set.copyOf(groups);
        }

        List<String> jobTopics() {
            List<String> topics = new ArrayList<>();
            topics.add(BundleTopics.deviceJob(site, device));
            groups.stream().sorted().forEach(g -> topics.add(BundleTopics.groupJob(site, g)));
            topics.add(BundleTopics.siteJob(site));
            return topics;
        }
    }

    /**
     * @param window         most blocks asked for and not yet arrived
     * @param perRequest     most blocks named by one request
     * @param requestTimeout a request that brings nothing for this long expires and its blocks are asked again
     * @param operators      operator keys job documents must be signed with; empty: unsigned downloads are
     *                       accepted (the archive's own signature is still checked), unsigned cancels never
     * @param maxKibPerS     download rate limit in KiB/s ({@link BlockPace}); 0: as fast as the broker sends
     */
    public record Settings(int window, int perRequest, Duration requestTimeout, Optional<TrustedKeys> operators,
                           int maxKibPerS) {
        public static final Settings DEFAULTS = new Settings(64, 16, Duration.ofSeconds(5), Optional.empty());

        public Settings(int window, int perRequest, Duration requestTimeout, Optional<TrustedKeys> operators) {
            this(window, perRequest, requestTimeout, operators, 0);
        }
    }

    /** Hears station events: severity and message. */
    public interface Events {
        void event(String severity, String message);
    }

    private final SyncConfig link;
    private final Station station;
    private final Settings settings;
    private final DownloadStore store;
    private final Events events;
    private final BlockingQueue<DeliveryConnection.Incoming> incoming = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedBlocks = new AtomicInteger();
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final DeliveryCounters rejected = new DeliveryCounters();
    private final DeliveryCounters ignored = new DeliveryCounters();
    private final DeliveryCounters serverErrors = new DeliveryCounters();
    private final JobDesk jobs;
    private final DeliveryStates states;
    private final Thread thread;
    private volatile BundleInbox inbox;
    private volatile DeliveryConnection connection;
    private volatile String lastProblem;
    private volatile long accepted;
    private volatile boolean closing;
    private Download current;
    private BlockPace pace;
    private long lastSave;
    private long lastProgress;

    public BundleDelivery(SyncConfig link, Station station, Settings settings, DownloadStore store, Path dir,
                          BundleInbox inbox, Events events) {
        this.link = link;
        this.station = station;
        this.settings = settings;
        this.store = store;
        this.inbox = inbox;
        this.events = events;
        this.jobs = new JobDesk(new JobIntake(station, settings.operators(), store, ignored, this::refusal), store,
                dir, () -> this.inbox);
        this.states = new DeliveryStates(station);
        // below the decisions: its MQTT client's threads, started from it, inherit the priority
        this.thread = ThreadNice.background("bundle-delivery-" + station.device(), this::run);
    }

    /** Replaces the inbox (the lifecycle's state machine plugs in here). */
    public void inbox(BundleInbox next) {
        this.inbox = next;
    }

    public void start() {
        thread.start();
    }

    public DeliveryStatus status() {
        DeliveryConnection c = connection;
        return new DeliveryStatus(c != null && c.isConnected(), states.last(), accepted, rejected.snapshot(),
                ignored.snapshot(), serverErrors.snapshot(), lastProblem);
    }

    @Override
    public void report(String state, BundleJob job, String reason) {
        publish(state(state, job, reason));
        events.event(state.equals("rejected") || state.equals("failed") ? "error" : "info",
                "bundle " + job.bundleId() + "@" + job.version() + " (rollout " + job.rolloutId() + "): " + state
                        + (reason == null ? "" : ": " + reason));
    }

    private void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        try {
            jobs.resume();
        } catch (SQLException | RuntimeException e) {
            problem("reading unfinished downloads failed: " + e.getMessage());
        }
        while (!closing) {
            try {
                if (connection == null || !connection.isConnected()) {
                    reconnect();
                    backoff.reset();
                }
                DeliveryConnection.Incoming in = incoming.poll(50, TimeUnit.MILLISECONDS);
                while (in != null) {
                    handle(in);
                    in = incoming.poll();
                }
                tick();
            } catch (InterruptedException e) {
                return;
            } catch (MqttException | IOException | SQLException | RuntimeException e) {
                problem("bundle delivery: " + e.getMessage());
                LOG.warn("bundle delivery problem (retrying): {}", e.toString());
                dropConnection();
                try {
                    backoff.pause();
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void reconnect() throws MqttException {
        dropConnection();
        if (current != null) {
            current.forgetRequests(); // answers to the old connection's requests will not come
            expected.clear();
        }
        connection = DeliveryConnection.open(link, station, expected::contains, this::enqueue, rejected::add);
        publish(states.last());
    }

    private boolean enqueue(DeliveryConnection.Incoming in) {
        if (in instanceof DeliveryConnection.Block) {
            if (queuedBlocks.incrementAndGet() > 2 * settings.window()) {
                queuedBlocks.decrementAndGet();
                return false;
            }
        }
        return incoming.add(in);
    }

    private void handle(DeliveryConnection.Incoming in) throws IOException, SQLException {
        if (in instanceof DeliveryConnection.Job job) {
            Optional<String> cancelled = jobs.onJob(job);
            if (cancelled.isPresent()) {
                cancel(cancelled.get());
            }
        } else if (in instanceof DeliveryConnection.Block block) {
            queuedBlocks.decrementAndGet();
            onBlock(block);
        } else if (in instanceof DeliveryConnection.ServerError error) {
            serverErrors.add(error.reason());
            problem("the block server answered " + error.reason());
        }
    }

    private void onBlock(DeliveryConnection.Block block) throws IOException {
        if (current == null) {
            rejected.add(Download.Verdict.UNREQUESTED.code);
            return;
        }
        Download.Verdict v = current.accept(block.correlation(), block.index(), block.bytes(), System.nanoTime());
        if (v == Download.Verdict.ACCEPTED) {
            accepted++;
        } else {
            rejected.add(v.code);
            if (v == Download.Verdict.BAD_HASH) {
                LOG.warn("block {} of {} does not match its pinned sha256: refused, asked again", block.index(),
                        current.job().sha256());
            }
        }
    }

    private void tick() throws IOException, SQLException, MqttException {
        if (current == null) {
            Optional<JobIntake.Wanted> next = jobs.next();
            if (next.isEmpty()) {
                return;
            }
            begin(next.get());
        }
        long now = System.nanoTime();
        if (current.unsaved() >= SAVE_EVERY_BLOCKS || (current.unsaved() > 0 && now - lastSave > SAVE_EVERY_NANOS)) {
            save();
        }
        if (current.complete()) {
            finish();
            return;
        }
        for (Download.Outgoing out : current.nextRequests(now, pace.allowance(now))) {
            pace.spend(out.request().indexes().size());
            expected.add(Download.key(out.correlation()));
            connection.request(out.correlation(), out.request());
        }
        expected.retainAll(current.pendingKeys());
        if (now - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            publish(state("downloading", current.job(), null));
        }
    }

    private void begin(JobIntake.Wanted wanted) throws IOException, SQLException {
        BundleJob job = wanted.document().job();
        DownloadStore.Row row = store.find(job.sha256()).orElse(null);
        Path part = jobs.partOf(job.sha256());
        if (row == null || !Files.exists(part)) {
            store.delete(job.sha256());
            Files.deleteIfExists(part);
            row = store.start(job, wanted.bytes());
        }
        int perRequest = BlockPace.requestSize(settings.maxKibPerS(), job.blockSize(), settings.perRequest());
        current = new Download(job, wanted.bytes(), wanted.document().hashes(), row.missing(), new PartFile(part),
                settings.window(), perRequest, settings.requestTimeout().toNanos());
        lastSave = System.nanoTime();
        pace = BlockPace.of(settings.maxKibPerS(), job.blockSize(), perRequest, lastSave);
        int have = job.blockCount() - current.blocksMissing();
        events.event("info", "bundle " + job.bundleId() + "@" + job.version() + " (rollout " + job.rolloutId()
                + "): downloading " + job.blockCount() + " blocks" + (have > 0 ? ", resuming with " + have : ""));
        LOG.info("downloading {} ({} bytes, {} blocks, {} already here) for rollout {}", job.sha256(), job.size(),
                job.blockCount(), have, job.rolloutId());
        publish(state("downloading", job, null));
    }

    private void save() throws IOException, SQLException {
        current.file().force();
        store.saveMissing(current.job().sha256(), current.missing(), current.job().blockCount());
        current.saved();
        lastSave = System.nanoTime();
    }

    private void finish() throws IOException, SQLException {
        BundleJob job = current.job();
        String actual = current.file().sha256(job.size());
        if (!actual.equals(job.sha256())) {
            int bad = current.recheck();
            save();
            if (bad > 0) {
                LOG.warn("archive {} hashed to {}: {} blocks on disk differ from their pinned hashes, fetching them"
                        + " again", job.sha256(), actual, bad);
                return;
            }
            store.setState(job.sha256(), DownloadStore.FAILED, "every block matches its hash but the archive "
                    + "hashes to " + actual + ": the job's block list and sha256 disagree");
            current.file().delete();
            current = null;
            report(DownloadStore.FAILED, job, "the job's block hashes and archive sha256 disagree");
            return;
        }
        Path archive = current.file().finish(jobs.archiveOf(job.sha256()));
        store.setState(job.sha256(), DownloadStore.DOWNLOADED, null);
        current = null;
        expected.clear();
        report(DownloadStore.DOWNLOADED, job, null);
        jobs.offer(job, archive);
    }

    private void cancel(String rolloutId) throws IOException, SQLException {
        jobs.cancelWaiting(rolloutId, Optional.ofNullable(current).map(d -> d.job().sha256()));
        if (current != null && current.job().rolloutId().equals(rolloutId)) {
            BundleJob job = current.job();
            current.file().delete();
            store.setState(job.sha256(), DownloadStore.CANCELLED, "cancelled by the operator");
            current = null;
            expected.clear();
            report(DownloadStore.CANCELLED, job, "cancelled by the operator");
        }
    }

    private void refusal(String text) {
        events.event("warning", "bundle job ignored: " + text);
        publish(states.refused(text));
    }

    private DownloadState state(String name, BundleJob job, String reason) {
        boolean mine = job != null && current != null && current.job().sha256().equals(job.sha256());
        int have = job == null ? 0 : mine ? job.blockCount() - current.blocksMissing()
                : name.equals("downloading") ? 0 : job.blockCount();
        return states.of(name, job, have, reason);
    }

    private void publish(DownloadState state) {
        states.last(state);
        DeliveryConnection c = connection;
        if (c == null || !c.isConnected()) {
            return; // published again on the next connect
        }
        try {
            c.publishState(state);
        } catch (MqttException e) {
            LOG.debug("bundle state not published now ({}); sent again on reconnect", e.getMessage());
        }
    }

    private void problem(String text) {
        lastProblem = text;
    }

    private void dropConnection() {
        DeliveryConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    /** Stops the thread (the partial file and its H2 row stay for the next start) and disconnects. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (current != null) {
                save();
                current.file().close();
            }
        } catch (IOException | SQLException e) {
            LOG.warn("saving download progress at close failed: {}", e.toString());
        }
        dropConnection();
    }
}
