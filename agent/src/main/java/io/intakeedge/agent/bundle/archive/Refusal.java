package io.intakeedge.agent.bundle.archive;

/** Why a bundle archive was refused; the code is what a station reports. */
public enum Refusal {
    TRUNCATED("truncated_archive"),
    CORRUPT("corrupt_archive"),
    OVERSIZED_ARCHIVE("oversized_archive"),
    OVERSIZED_FILE("oversized_file"),
    TOO_MANY_ENTRIES("too_many_entries"),
    ABSOLUTE_PATH("absolute_path"),
    PATH_TRAVERSAL("path_traversal"),
    BAD_PATH("bad_path"),
    SYMLINK("symlink"),
    LINK_OR_SPECIAL("unsupported_entry_type"),
    DUPLICATE_ENTRY("duplicate_entry"),
    UNSIGNED("unsigned"),
    BAD_SIGNATURE("bad_signature"),
    UNKNOWN_SIGNER("unknown_signer"),
    BAD_MANIFEST("bad_manifest"),
    TAMPERED("tampered_file"),
    MISSING_FILE("missing_file"),
    UNLISTED_FILE("unlisted_file"),
    INCOMPATIBLE("incompatible"),
    /** A lower bundle sequence than the active one, without a signed rollback allowing it. */
    DOWNGRADE("downgrade"),
    INVALID_BUNDLE("invalid_bundle"),
    RECEIPT_FAILED("receipt_failed");

    private final String code;

    Refusal(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
