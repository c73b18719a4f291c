package io.intakeedge.agent.bundle.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The archive being downloaded, {@code {sha256}.part}, written block by block at each block's offset. Blocks are
 * recorded as received in H2 only after {@link #force()}, so a block the database counts as present is on disk.
 */
final class PartFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;

    PartFile(Path path) throws IOException {
        this.path = path;
        Files.createDirectories(path.getParent());
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    Path path() {
        return path;
    }

    void write(long offset, byte[] bytes, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
        while (buf.hasRemaining()) {
            channel.write(buf, offset + buf.position());
        }
    }

    byte[] read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) {
                break; // a hole at the end reads short: the caller's hash check says it is not there
            }
        }
        return buf.array();
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** sha256 of the first {@code size} bytes; cuts off anything past them. */
    String sha256(long size) throws IOException {
        MessageDigest digest = BlockHashes.sha256();
        channel.truncate(size);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long position = 0;
        int n;
        while ((n = channel.read(buf.clear(), position)) > 0) {
            digest.update(buf.array(), 0, n);
            position += n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Closes and renames the finished file to {@code target}. */
    Path finish(Path target) throws IOException {
        close();
        return Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
