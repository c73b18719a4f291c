package io.intakeedge.agent.app;

import io.intakeedge.agent.pipeline.FrameRequest;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.locator.BackgroundLocator;
import io.intakeedge.capture.locator.ParcelLocator;

import java.time.Duration;

/**
 * {@code relearn_background}: the next frame becomes the empty station the background locator compares against
 * (after the lighting changed or the camera was moved or swapped; it also clears a {@code frame_size_changed}
 * fault). The operator asks for it while the station is empty. Done on the capture thread, which owns the locator.
 */
final class RelearnBackgroundAction extends FrameAction<String> {
    private final ParcelLocator locator;
    private final FrameRequest<String> request = new FrameRequest<>();

    RelearnBackgroundAction(ParcelLocator locator, Duration wait) {
        super("relearn_background", "Learn the next frame as the empty station (only when no parcel is in view)",
                wait);
        this.locator = locator;
    }

    @Override
    FrameRequest<String> request() {
        if (!(locator instanceof BackgroundLocator)) {
            throw new Refused("camera.locator is " + locator.name() + ": only the background locator learns the "
                    + "empty station");
        }
        return request;
    }

    @Override
    String done(String learned) {
        return learned;
    }

    /** On the capture thread, before the frame is analysed. */
    void beforeFrame(Frame frame) {
        request.take().ifPresent(done -> {
            try {
                ((BackgroundLocator) locator).learn(frame.image());
                done.complete("learned the empty station from frame " + frame.index() + " (" + frame.width() + "x"
                        + frame.height() + ")");
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
    }
}
