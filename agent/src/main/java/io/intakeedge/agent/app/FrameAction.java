package io.intakeedge.agent.app;

import io.intakeedge.agent.pipeline.FrameRequest;
import io.intakeedge.agent.status.ControlAction;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A control action the capture thread carries out on its next frame: the operator's request waits for that frame
 * (the capture thread owns the pipeline and the locator) and answers with what was done.
 *
 * @param <T> what the capture thread hands back for the frame
 */
abstract class FrameAction<T> implements ControlAction {
    private final String name;
    private final String description;
    private final Duration wait;

    FrameAction(String name, String description, Duration wait) {
        this.name = name;
        this.description = description;
        this.wait = wait;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final String run() throws Exception {
        return done(await(request()));
    }

    /** The request the capture thread takes on its next frame; throws {@link Refused} when it cannot be done. */
    abstract FrameRequest<T> request();

    /** What was done, one line for the operator. */
    abstract String done(T result);

    /**
     * Asks and waits up to {@code wait}; without a frame in that time (camera stalled, empty hot folder) the request
     * is withdrawn and refused, so it does not fire unexpectedly later.
     */
    private T await(FrameRequest<T> request) throws Exception {
        CompletableFuture<T> pending = request.ask();
        try {
            try {
                return pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (request.withdraw(pending)) {
                    throw new Refused("no frame arrived within " + wait.toSeconds() + " s (is the camera delivering "
                            + "frames?)");
                }
                // a frame took it just now: it is being done (a decision waits for its commit)
                return pending.get(1, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
