package io.intakeedge.quantization.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A TFLite external-delegate plug-in named by a device profile ({@code delegate:/path/lib.so}): a shared library
 * exporting {@code tflite_plugin_create_delegate} and {@code tflite_plugin_destroy_delegate}, the interface TFLite's
 * {@code external_delegate} loads with dlopen.
 *
 * <p>bytedeco tensorflow-lite 2.20.0-1.5.13 exposes {@code Interpreter.ModifyGraphWithDelegate(TfLiteDelegate)}, and
 * its native library even exports {@code TfLiteExternalDelegateCreate}, but no Java class maps
 * {@code external_delegate.h} and JavaCPP can only call C functions it generated glue for. So a plug-in can be
 * checked here but not called; every delegate entry falls back with the reason (docs/accelerators.md). The check
 * reads the library's ELF symbol table instead of loading it, so a broken plug-in cannot crash the agent.
 */
final class DelegatePlugin {
    static final String PREFIX = "delegate:";
    static final List<String> SYMBOLS = List.of("tflite_plugin_create_delegate", "tflite_plugin_destroy_delegate");
    static final String NO_BINDING = "is a TFLite delegate plug-in, but bytedeco tensorflow-lite 2.20.0-1.5.13 has no"
            + " Java binding for TFLite's external-delegate interface, so it cannot be applied (docs/accelerators.md)";

    private DelegatePlugin() {
    }

    /** Why the plug-in in profile entry {@code delegate:/path} cannot run on this station; one sentence. */
    static String whyUnusable(String entry) {
        Path lib = Path.of(entry.substring(PREFIX.length()));
        if (!lib.isAbsolute()) {
            return lib + " is not an absolute path";
        }
        if (!Files.exists(lib)) {
            return "no such library " + lib;
        }
        if (!Files.isRegularFile(lib) || !Files.isReadable(lib)) {
            return lib + " is not a readable file";
        }
        ElfSymbols elf;
        try {
            elf = ElfSymbols.read(lib);
        } catch (IOException e) {
            return lib + " is not a shared library: " + e.getMessage();
        }
        if (elf.machine() != ElfSymbols.hostMachine()) {
            return lib + " is built for ELF machine " + elf.machine() + ", this station runs "
                    + System.getProperty("os.arch");
        }
        List<String> missing = SYMBOLS.stream().filter(s -> !elf.exports(s)).toList();
        if (!missing.isEmpty()) {
            return lib + " is not a TFLite delegate plug-in: it does not export " + String.join(" or ", missing);
        }
        return lib + " " + NO_BINDING;
    }
}
