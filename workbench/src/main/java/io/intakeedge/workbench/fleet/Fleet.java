package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.delivery.BlockHashes;
import io.intakeedge.agent.bundle.delivery.BundleJob;
import io.intakeedge.agent.bundle.delivery.DownloadState;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobSignature;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.collector.bundle.ArchiveStore;
import io.intakeedge.sync.protocol.BlockRequest;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.workbench.bundle.ArchiveSigner;
import io.intakeedge.workbench.bundle.SigningKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.sync.protocol.Json;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The operator's side of rollouts over MQTT: push, cancel, clean (docs/mqtt.md, "Bundle delivery"). Job documents
 * are signed with the operator key when one is given; stations configured with {@code delivery.operator_keys}
 * refuse anything else.
 */
public final class Fleet {
    /** How long to listen for retained messages by default. */
    public static final long RETAINED_WAIT_MS = 1_500;

    /** What a push published. */
    public record Pushed(RolloutDocument rollout, int blockSize, int blocks) {
    }

    private final FleetClient client;
    private final Optional<PrivateKey> key;
    private final String signer;
    private long waitMs = RETAINED_WAIT_MS;
    private int haltAfter = 1;

    public Fleet(FleetClient client, Optional<Path> operatorKey) throws BundleException, GeneralSecurityException {
        this.client = client;
        this.key = operatorKey.isPresent() ? Optional.of(SigningKeys.readPrivate(operatorKey.get())) : Optional.empty();
        this.signer = key.isPresent() ? SigningKeys.matchingFingerprint(operatorKey.get(), key.get()).orElse("unknown")
                : "";
    }

    /** How long reads of retained messages listen after subscribing. */
    public Fleet waitMs(long ms) {
        this.waitMs = ms;
        return this;
    }

    /** How many stations failing a pushed rollout halt it (the collector's rollout controller acts on it). */
    public Fleet haltAfter(int stations) {
        if (stations < 1) {
            throw new IllegalArgumentException("--halt-after takes at least 1 station, got " + stations);
        }
        this.haltAfter = stations;
        return this;
    }

    public boolean signs() {
        return key.isPresent();
    }

    /**
     * Stores the archive where the block server serves it, then publishes the retained job (for the canaries only
     * when {@code canaryPercent} is given) and the rollout document.
     */
    public Pushed push(Path archive, JobTarget target, OptionalInt canaryPercent, Optional<String> rolloutId,
                       ArchiveStore store) throws Exception {
        ArchiveManifest manifest = signedManifest(archive);
        byte[] bytes = Files.readAllBytes(archive);
        int blockSize = BlockRequest.blockSizeFor(client.maxPacketSize());
        String sha256 = store.put(archive);
        String id = rolloutId.orElseGet(() -> defaultRolloutId(manifest));
        BundleJob job = new BundleJob(id, manifest.bundleId(), manifest.bundleVersion(),
                manifest.release().sequence(), sha256, bytes.length, blockSize, target, false);
        BlockHashes hashes = BlockHashes.of(bytes, blockSize);
        Instant now = Instant.now();
        JobDocument whole = JobDocument.download(job, hashes, now);
        List<String> topics = new ArrayList<>();
        List<String> canaries = List.of();
        if (canaryPercent.isPresent()) {
            canaries = pickCanaries(target, canaryPercent.getAsInt());
            for (String device : canaries) {
                JobTarget one = JobTarget.device(target.site(), device);
                BundleJob canary = new BundleJob(id, job.bundleId(), job.version(), job.sequence(), sha256,
                        job.size(), blockSize, one, true);
                String topic = BundleTopics.deviceJob(target.site(), device);
                publish(topic, JobDocument.download(canary, hashes, now));
                topics.add(topic);
            }
        } else {
            String topic = jobTopic(target);
            publish(topic, whole);
            topics.add(topic);
        }
        RolloutDocument rollout = new RolloutDocument(RolloutDocument.SCHEMA, id, target.site(), target.toString(),
                sha256, canaryPercent.isPresent() ? canaryPercent.getAsInt() : null, canaries, topics, whole, now,
                null, haltAfter, null, null, null);
        client.publishRetained(BundleTopics.rollout(target.site(), id), rollout.toBytes(), new MqttProperties());
        return new Pushed(rollout, blockSize, job.blockCount());
    }

    /**
     * Sends a canary rollout's job to its whole target ({@code fleet promote --rollout}). Refuses a rollout the
     * collector halted or an operator cancelled, one without canaries or already widened, and one whose job
     * disagrees with the archive it would promote: the stored archive must hash to the job's sha256 and its signed
     * manifest must carry the job's bundle id, version and sequence (a job edited to a higher sequence would
     * otherwise walk past every station's anti-downgrade check until the archive itself is opened).
     */
    public RolloutDocument widen(String site, String rolloutId, ArchiveStore store) throws Exception {
        RolloutDocument r = rollout(site, rolloutId);
        if (!"active".equals(r.standing())) {
            throw new IllegalArgumentException("rollout " + rolloutId + " is " + r.standing()
                    + (r.haltReason() == null ? "" : " (" + r.haltReason() + ")") + "; it cannot be promoted");
        }
        String topic = jobTopic(r.job().jobTarget());
        if (r.canaryDevices().isEmpty() || r.jobTopics().contains(topic)) {
            throw new IllegalArgumentException("rollout " + rolloutId + " already went to its whole target " + topic);
        }
        BundleJob job = r.job().job();
        ArchiveStore.Stored archive = store.find(job.sha256()).orElseThrow(() -> new IllegalArgumentException(
                "the store " + store.dir() + " holds no archive " + job.sha256() + " for rollout " + rolloutId));
        ArchiveManifest m = signedManifest(archive.file());
        if (m.release().sequence() != job.sequence() || !m.bundleId().equals(job.bundleId())
                || !m.bundleVersion().equals(job.version())) {
            throw new IllegalArgumentException("rollout " + rolloutId + "'s job names " + job.bundleId() + "@"
                    + job.version() + " sequence " + job.sequence() + " but the archive it promotes is "
                    + m.bundleId() + "@" + m.bundleVersion() + " sequence " + m.release().sequence());
        }
        publish(topic, r.job());
        RolloutDocument widened = r.withJobTopic(topic);
        client.publishRetained(BundleTopics.rollout(site, rolloutId), widened.toBytes(), new MqttProperties());
        return widened;
    }

    /** Every retained rollout document of {@code site} ({@code +}: all sites); unreadable ones are skipped. */
    public List<RolloutDocument> rollouts(String site) throws MqttException, InterruptedException {
        List<RolloutDocument> out = new ArrayList<>();
        for (FleetClient.Retained m : client.retained(waitMs, BundleTopics.rollouts(site)).values()) {
            try {
                out.add(RolloutDocument.parse(m.payload()));
            } catch (IllegalArgumentException e) {
                // not a rollout document: says nothing about a rollout
            }
        }
        return out;
    }

    /** Overwrites each job of the rollout with a signed cancel; stations stop and delete what they fetched. */
    public RolloutDocument cancel(String site, String rolloutId) throws Exception {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a cancel must be signed: give --key (the operator key)");
        }
        RolloutDocument rollout = rollout(site, rolloutId);
        Instant now = Instant.now();
        for (String topic : rollout.jobTopics()) {
            JobTarget target = targetOf(topic, site);
            publish(topic, JobDocument.cancel(rolloutId, target, now));
        }
        RolloutDocument cancelled = rollout.cancelled(now);
        client.publishRetained(BundleTopics.rollout(site, rolloutId), cancelled.toBytes(), new MqttProperties());
        return cancelled;
    }

    /**
     * Clears a finished rollout's retained job documents and rollout document from the broker, and its archive from
     * the store when one is given. Refuses while a station still downloads it, unless {@code force}.
     */
    public List<String> clean(String site, String rolloutId, boolean force, Optional<ArchiveStore> store)
            throws Exception {
        RolloutDocument rollout = rollout(site, rolloutId);
        if (!force) {
            List<String> busy = new ArrayList<>();
            for (DownloadState s : downloads(site).values()) {
                if (rolloutId.equals(s.rolloutId()) && "downloading".equals(s.state())) {
                    busy.add(s.device());
                }
            }
            if (!busy.isEmpty()) {
                throw new IllegalArgumentException("rollout " + rolloutId + " is still downloading on " + busy
                        + "; cancel it first or clean with --force");
            }
        }
        List<String> cleared = new ArrayList<>(rollout.jobTopics());
        for (String topic : rollout.jobTopics()) {
            client.clear(topic);
        }
        String doc = BundleTopics.rollout(site, rolloutId);
        client.clear(doc);
        cleared.add(doc);
        if (store.isPresent() && store.get().remove(rollout.sha256())) {
            cleared.add(store.get().dir().resolve(rollout.sha256() + ArchiveStore.SUFFIX).toString());
        }
        return cleared;
    }

    /** Every station's retained download state in {@code site} ({@code +}: all sites), by topic. */
    public Map<String, DownloadState> downloads(String site) throws MqttException, InterruptedException {
        Map<String, DownloadState> out = new java.util.TreeMap<>();
        client.retained(waitMs, BundleTopics.downloads(site)).forEach((topic, m) -> {
            try {
                out.put(topic, DownloadState.parse(m.payload()));
            } catch (IllegalArgumentException e) {
                // a foreign or broken message on a state topic says nothing about a station
            }
        });
        return out;
    }

    /**
     * Every station of {@code site} ({@code +}: all) with a retained status, download or lifecycle state: link and
     * active bundle from {@code status}, the lifecycle's state from {@code bundle/state}, the rollout and progress
     * from {@code bundle/download}.
     */
    public List<StationRow> status(String site) throws MqttException, InterruptedException {
        Map<String, FleetClient.Retained> found = client.retained(waitMs, BundleTopics.downloads(site),
                BundleTopics.states(site), io.intakeedge.sync.protocol.Topic.ROOT + "/" + site + "/+/status");
        Map<String, DownloadState> downloads = new java.util.TreeMap<>();
        Map<String, JsonNode> lifecycle = new java.util.TreeMap<>();
        Map<String, JsonNode> status = new java.util.TreeMap<>();
        for (var e : found.entrySet()) {
            String[] p = e.getKey().split("/");
            String device = p[2] + "/" + p[3];
            try {
                if (e.getKey().endsWith("/bundle/download")) {
                    downloads.put(device, DownloadState.parse(e.getValue().payload()));
                } else if (e.getKey().endsWith("/bundle/state")) {
                    lifecycle.put(device, Json.mapper().readTree(e.getValue().payload()));
                } else {
                    status.put(device, Json.mapper().readTree(e.getValue().payload()));
                }
            } catch (IllegalArgumentException | IOException ignored) {
                // a broken message says nothing about a station; the row shows what else is known
            }
        }
        java.util.SortedSet<String> devices = new java.util.TreeSet<>(downloads.keySet());
        devices.addAll(lifecycle.keySet());
        devices.addAll(status.keySet());
        List<StationRow> rows = new ArrayList<>();
        for (String d : devices) {
            rows.add(StationRow.of(d.split("/")[0], d.split("/")[1], status.get(d), lifecycle.get(d),
                    downloads.get(d)));
        }
        return rows;
    }

    public RolloutDocument rollout(String site, String rolloutId) throws MqttException, InterruptedException {
        var found = client.retained(waitMs, BundleTopics.rollout(site, rolloutId));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no rollout " + rolloutId + " on the broker for site " + site);
        }
        return RolloutDocument.parse(found.values().iterator().next().payload());
    }

    public static String jobTopic(JobTarget target) {
        return switch (target.kind()) {
            case DEVICE -> BundleTopics.deviceJob(target.site(), target.name());
            case GROUP -> BundleTopics.groupJob(target.site(), target.name());
            case SITE -> BundleTopics.siteJob(target.site());
        };
    }

    private static JobTarget targetOf(String topic, String site) {
        if (topic.equals(BundleTopics.siteJob(site))) {
            return JobTarget.site(site);
        }
        String[] p = topic.split("/");
        return topic.contains("/fleet/groups/") ? JobTarget.group(site, p[5]) : JobTarget.device(site, p[3]);
    }

    /** The first {@code percent}% (at least one) of the target's known stations, by device id. */
    private List<String> pickCanaries(JobTarget target, int percent) throws MqttException, InterruptedException {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("--canary takes 1..100%, got " + percent);
        }
        List<String> members = downloads(target.site()).values().stream()
                .filter(s -> target.addresses(s.site(), s.device(), Set.copyOf(
                        s.groups() == null ? List.of() : s.groups())))
                .map(DownloadState::device).sorted().toList();
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no station of " + target + " has reported a bundle state yet, so "
                    + "there is nobody to pick canaries from; push without --canary");
        }
        int n = Math.max(1, (int) Math.ceil(members.size() * percent / 100.0));
        return members.subList(0, n);
    }

    private void publish(String topic, JobDocument doc) throws MqttException, GeneralSecurityException {
        byte[] payload = doc.toBytes();
        MqttProperties p = new MqttProperties();
        p.setContentType("application/json");
        p.setPayloadFormat(true);
        if (key.isPresent()) {
            JobSignature.attach(p, SigningKeys.sign(key.get(), payload), signer);
        }
        client.publishRetained(topic, payload, p);
    }

    private static ArchiveManifest signedManifest(Path archive) throws IOException, ArchiveException {
        Path tmp = Files.createTempDirectory("intake-push");
        try {
            BundleArchive opened = BundleArchive.openUnverified(archive, tmp, ArchiveLimits.DEFAULTS);
            if (opened.signer().equals("unsigned")) {
                throw new IllegalArgumentException(archive + " is not signed; sign it with `bundle sign` first");
            }
            return opened.manifest();
        } finally {
            ArchiveSigner.deleteTree(tmp);
        }
    }

    private static String defaultRolloutId(ArchiveManifest m) {
        String base = (m.bundleId() + "-" + m.release().sequence()).replaceAll("[^A-Za-z0-9_-]", "-");
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        base = base.length() > 47 ? base.substring(0, 47) : base;
        return base + "-" + stamp;
    }
}
