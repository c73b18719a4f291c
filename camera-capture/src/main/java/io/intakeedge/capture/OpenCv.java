package io.intakeedge.capture;

import org.bytedeco.javacpp.Loader;

/** Loads the OpenCV natives behind the {@code org.opencv.*} API once per JVM (bytedeco build). */
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
                loaded = true;
            }
        }
    }
}
