package io.intakeedge.agent.app;

import io.intakeedge.agent.pipeline.FrameRequest;
import io.intakeedge.agent.status.ControlAction;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the capture thread to carry out a {@link FrameRequest}. */
final class FrameRequests {
    private FrameRequests() {
    }

    /**
     * Asks and waits up to {@code wait}; without a frame in that time (camera stalled, empty hot folder) the request
     * is withdrawn and refused, so it does not fire unexpectedly later.
     */
    static <T> T await(FrameRequest<T> request, Duration wait) throws Exception {
        CompletableFuture<T> pending = request.ask();
        try {
            try {
                return pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (request.withdraw(pending)) {
                    throw new ControlAction.Refused("no frame arrived within " + wait.toSeconds() + " s (is the "
                            + "camera delivering frames?)");
                }
                // a frame took it just now: it is being done (a decision waits for its commit)
                return pending.get(1, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
