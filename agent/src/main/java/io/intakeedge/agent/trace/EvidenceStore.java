package io.intakeedge.agent.trace;

import io.intakeedge.capture.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Evidence JPEGs for decisions a person will look at ({@code priority_damage_review}, {@code request_new_photo}):
 * {@code <dir>/<yyyy-mm-dd UTC>/<trace id>.jpg}. Each file is written to a temporary name, flushed and moved into
 * place, so a crash never leaves a half-written JPEG under a trace's name. A free-space reserve keeps evidence from
 * filling the disk the trace database needs. Thread-safe.
 */
public final class EvidenceStore {
    /** Default free space kept for the trace database and outbox: evidence stops before the disk is this full. */
    public static final long DEFAULT_RESERVE_BYTES = 64L * 1024 * 1024;
    /** JPEG quality used when encoding frames. */
    public static final int JPEG_QUALITY = 90;

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceStore.class);

    private final Path dir;
    private final long reserveBytes;

    /** Where the JPEG bytes come from; encoding happens only when the route keeps evidence. */
    @FunctionalInterface
    private interface Jpeg {
        byte[] bytes() throws EvidenceException;
    }

    /**
     * @param dir          evidence root, created if missing
     * @param reserveBytes free space to leave on the disk; writes that would cut into it fail
     * @throws EvidenceException at start-up when {@code dir} is not writable
     */
    public EvidenceStore(Path dir, long reserveBytes) throws EvidenceException {
        try {
            this.dir = WritableDirectory.require(dir, "evidence directory");
        } catch (IOException e) {
            throw new EvidenceException(e.getMessage(), e);
        }
        this.reserveBytes = reserveBytes;
    }

    public EvidenceStore(Path dir) throws EvidenceException {
        this(dir, DEFAULT_RESERVE_BYTES);
    }

    public Path dir() {
        return dir;
    }

    /** Where the evidence of trace {@code traceId}, decided at {@code decidedAt}, goes. */
    public Path pathFor(UUID traceId, Instant decidedAt) {
        return dir.resolve(LocalDate.ofInstant(decidedAt, ZoneOffset.UTC).toString()).resolve(traceId + ".jpg");
    }

    /**
     * Keeps {@code bgr} as evidence when the trace's route needs it and returns the trace with its evidence path —
     * or, when writing fails, with the failure noted in its error, so the decision is still stored.
     */
    public Trace keep(Trace trace, Mat bgr) {
        return keep(trace, () -> encode(bgr));
    }

    /** As {@link #keep(Trace, Mat)} for an already encoded JPEG. */
    public Trace keep(Trace trace, byte[] jpeg) {
        return keep(trace, () -> jpeg);
    }

    private Trace keep(Trace trace, Jpeg jpeg) {
        if (!trace.route().keepsEvidence()) {
            return trace;
        }
        try {
            Path file = write(trace.traceId(), trace.decidedAt(), jpeg.bytes());
            return trace.withEvidencePath(file.toString());
        } catch (EvidenceException e) {
            LOG.warn("trace {}: evidence not kept: {}", trace.traceId(), e.getMessage());
            return trace.withError("evidence not kept: " + e.getMessage());
        }
    }

    /**
     * Writes {@code jpeg} atomically to {@link #pathFor}.
     *
     * @return the written file
     * @throws EvidenceException when the bytes are not a JPEG, the disk is (nearly) full or the directory unwritable
     */
    public Path write(UUID traceId, Instant decidedAt, byte[] jpeg) throws EvidenceException {
        if (jpeg == null || jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new EvidenceException("evidence for trace " + traceId + " is not a JPEG (no FF D8 start marker)");
        }
        Path target = pathFor(traceId, decidedAt);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            long usable = Files.getFileStore(target.getParent()).getUsableSpace();
            if (usable - jpeg.length < reserveBytes) {
                throw new EvidenceException("disk nearly full: " + usable + " bytes free under " + dir + ", "
                        + reserveBytes + " kept in reserve for traces; evidence " + target.getFileName()
                        + " not written");
            }
            tmp = Files.createTempFile(target.getParent(), "." + traceId, ".jpg.tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(jpeg);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new EvidenceException("cannot write evidence " + target + ": " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Encodes an 8-bit BGR image as JPEG. */
    public static byte[] encode(Mat bgr) throws EvidenceException {
        OpenCv.load();
        if (bgr == null || bgr.empty()) {
            throw new EvidenceException("no image to keep as evidence (empty frame)");
        }
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", bgr, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY))) {
                throw new EvidenceException("JPEG encoding failed for a " + bgr.cols() + "x" + bgr.rows() + " image");
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            LOG.warn("could not remove temporary evidence file {}: {}", tmp, e.getMessage());
        }
    }
}
