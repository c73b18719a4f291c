package io.intakeedge.agent.bundle.archive;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Entry names a bundle archive may use: relative, forward slashes, no {@code .} or {@code ..} segments. */
final class SafeNames {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}");

    private SafeNames() {
    }

    /** The normalised name (a directory's trailing slash dropped), or the refusal. */
    static String check(String raw, TarHeader.Type type) throws ArchiveException {
        String name = type == TarHeader.Type.DIRECTORY && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        if (name.startsWith("./")) {
            name = name.substring(2); // what `tar -C dir -cf x .` writes
        }
        if (name.isEmpty() || name.equals(".")) {
            throw new ArchiveException(Refusal.BAD_PATH, "an entry has an empty name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new ArchiveException(Refusal.ABSOLUTE_PATH, "'" + SafeTarReader.printable(raw)
                    + "' is an absolute path");
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                throw new ArchiveException(Refusal.PATH_TRAVERSAL, "'" + SafeTarReader.printable(raw)
                        + "' climbs out of the bundle with '..'");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new ArchiveException(Refusal.BAD_PATH, "'" + SafeTarReader.printable(raw) + "' has a name part '"
                        + SafeTarReader.printable(segment) + "' outside "
                        + "[A-Za-z0-9._+-] (or empty, or starting with '.')");
            }
        }
        return name;
    }

    /** Resolves a checked name under {@code root}, re-checking containment after normalisation. */
    static Path inside(Path root, String name) throws ArchiveException {
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new ArchiveException(Refusal.PATH_TRAVERSAL, "'" + name + "' resolves outside the bundle");
        }
        return target;
    }
}
