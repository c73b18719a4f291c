package io.intakeedge.agent.status;

/**
 * One thing an operator may ask the station to do from the page ({@code POST /api/control/{name}}). Implementations
 * run on a worker thread and may block until the station has done it; the answer's message is shown to the operator
 * and written to the event timeline.
 */
public interface ControlAction {
    /** The path segment, e.g. {@code relearn_background}; lower case, digits and '_'. */
    String name();

    /** One line for the page's button and {@code GET /api/control}. */
    String description();

    /**
     * Does it. A refusal the operator can act on (wrong camera type, nothing to roll back to) is a
     * {@link Refused}; anything else is a failure of the station.
     *
     * @return what was done, one line
     */
    String run() throws Exception;

    /** The action cannot be done in the station's present state; answered 409 with the reason. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
