package io.intakeedge.capture.locator;

import java.util.List;

/** Creates a {@link ParcelLocator} from its configured name ({@code camera.locator}). */
public final class ParcelLocators {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of(BackgroundLocator.NAME, FullFrameLocator.NAME);

    private ParcelLocators() {
    }

    /**
     * The default for a camera source: a hot folder holds single photos of one parcel each ({@code full_frame});
     * every other source is a fixed camera looking at the station ({@code background}).
     */
    public static String defaultFor(String source) {
        return "folder".equals(source) ? FullFrameLocator.NAME : BackgroundLocator.NAME;
    }

    public static ParcelLocator create(String name) {
        if (BackgroundLocator.NAME.equals(name)) {
            return new BackgroundLocator();
        }
        if (FullFrameLocator.NAME.equals(name)) {
            return new FullFrameLocator();
        }
        throw new IllegalArgumentException("unknown parcel locator '" + name + "': expected one of " + NAMES);
    }
}
