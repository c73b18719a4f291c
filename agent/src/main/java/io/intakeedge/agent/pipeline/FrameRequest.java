package io.intakeedge.agent.pipeline;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request from another thread for something the capture thread does with its next frame (the locator and the
 * pipeline are not thread-safe, so nobody else may touch them). One slot: asking while a request is pending joins
 * it, so pressing a button twice does the thing once.
 */
public final class FrameRequest<T> {
    private final AtomicReference<CompletableFuture<T>> pending = new AtomicReference<>();

    /** Asks for it; completes when the capture thread has done it (or failed). */
    public CompletableFuture<T> ask() {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> existing = pending.compareAndExchange(null, mine);
        return existing != null ? existing : mine;
    }

    /**
     * Withdraws {@code request} if no frame took it yet (the asker gave up waiting); false when the capture thread
     * already owns it (it will complete it).
     */
    public boolean withdraw(CompletableFuture<T> request) {
        return pending.compareAndSet(request, null);
    }

    /** On the capture thread: the pending request, now owned by the caller, who must complete it. */
    public Optional<CompletableFuture<T>> take() {
        return pending.get() == null ? Optional.empty() : Optional.ofNullable(pending.getAndSet(null));
    }
}
