package io.intakeedge.agent.app;

import io.intakeedge.agent.pipeline.FrameRequest;
import io.intakeedge.agent.pipeline.Pipeline;
import io.intakeedge.agent.trace.Trace;

import java.time.Duration;

/**
 * {@code capture_now}: the next frame is decided at once, whatever the presentation trigger thinks (a parcel the
 * trigger did not take, a test shot). The decision goes through the quality gate and the model like any other and is
 * stored with its trace; it has no parcel number.
 */
final class CaptureNowAction extends FrameAction<Trace> {
    private final Pipeline pipeline;

    CaptureNowAction(Pipeline pipeline, Duration wait) {
        super("capture_now", "Decide the next frame now, without waiting for the presentation trigger", wait);
        this.pipeline = pipeline;
    }

    @Override
    FrameRequest<Trace> request() {
        return pipeline.captureNow();
    }

    @Override
    String done(Trace t) {
        return "frame " + t.frameIndex() + " decided by hand: trace " + t.traceId() + " -> " + t.route().code()
                + " / " + t.reason().code();
    }
}
