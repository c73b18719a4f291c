package io.intakeedge.agent.app;

import io.intakeedge.agent.pipeline.Pipeline;
import io.intakeedge.agent.status.ControlAction;

import java.time.Duration;

/**
 * {@code capture_now}: the next frame is decided at once, whatever the presentation trigger thinks (a parcel the
 * trigger did not take, a test shot). The decision goes through the quality gate and the model like any other and is
 * stored with its trace; it has no parcel number.
 */
final class CaptureNowAction implements ControlAction {
    private final Pipeline pipeline;
    private final Duration wait;

    CaptureNowAction(Pipeline pipeline, Duration wait) {
        this.pipeline = pipeline;
        this.wait = wait;
    }

    @Override
    public String name() {
        return "capture_now";
    }

    @Override
    public String description() {
        return "Decide the next frame now, without waiting for the presentation trigger";
    }

    @Override
    public String run() throws Exception {
        var t = FrameRequests.await(pipeline.captureNow(), wait);
        return "frame " + t.frameIndex() + " decided by hand: trace " + t.traceId() + " -> " + t.route().code()
                + " / " + t.reason().code();
    }
}
