package io.intakeedge.agent.bundle;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The model file of a bundle, held in memory exactly as it was verified: the runtime loads these bytes, not the file
 * again, so a file swapped on disk after the sha256 check can't slip in.
 *
 * @param file   where it was read from
 * @param sha256 lower-case hex sha256 of {@code bytes}, equal to the manifest's
 * @param bytes  the model bytes (read-only view; each call returns an independent position)
 */
public record BundleModel(Path file, String sha256, ByteBuffer bytes) {

    public BundleModel {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        bytes = bytes.asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /** A fresh copy of the model bytes. */
    public byte[] toByteArray() {
        ByteBuffer view = bytes.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return copy;
    }

    public int size() {
        return bytes.remaining();
    }

    @Override
    public String toString() {
        return "BundleModel[" + file + ", sha256=" + sha256 + ", " + size() + " bytes]";
    }
}
