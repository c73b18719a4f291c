package io.intakeedge.agent.bundle.delivery;

/**
 * Publishes a station's download state (retained, on its {@code bundle/download} topic) and records it as a station
 * event.
 * The downloader implements it; a {@link BundleInbox} uses it to report what became of an archive it was offered.
 */
public interface BundleStateReporter {
    /**
     * @param state  e.g. {@code verified}, {@code rejected}, {@code active}
     * @param job    the job the state is about
     * @param reason why (a refusal code and its explanation), or null
     */
    void report(String state, BundleJob job, String reason);
}
