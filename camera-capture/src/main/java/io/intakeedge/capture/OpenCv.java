package io.intakeedge.capture;

import org.bytedeco.javacpp.Loader;

/**
 * Loads the OpenCV natives behind the {@code org.opencv.*} API once per JVM (bytedeco build), and has OpenCV work on
 * its caller's thread: a station's frames are small, so a worker pool saves less than the wake-ups cost, and a
 * worker waiting for a CPU that a download or the interpreter holds stalls the whole call (the quality stage's
 * slowest decisions on 2 cores; median 1.2 → 1.0 ms per decision with one thread, BENCHMARKS.md).
 */
public final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCv.class) {
            if (!loaded) {
                Loader.load(org.bytedeco.opencv.opencv_java.class);
                org.opencv.core.Core.setNumThreads(1);
                loaded = true;
            }
        }
    }
}
