package io.intakeedge.agent.routing;

import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;

import java.util.Objects;

/**
 * What happened when the pipeline asked the model for a score; the {@link RoutingPolicy}'s second input.
 * Every variant other than {@link Scored} fails closed.
 */
public sealed interface ModelOutcome {

    /** The backend returned an inference; its scores are validated by the policy, not trusted. */
    record Scored(Inference inference) implements ModelOutcome {
        public Scored {
            Objects.requireNonNull(inference, "inference");
        }
    }

    /** The backend threw. */
    record Failed(InferenceException error) implements ModelOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** There was no bundle or backend to ask. */
    record Unavailable(String why) implements ModelOutcome {
        public Unavailable {
            Objects.requireNonNull(why, "why");
        }
    }

    /** The model was not run because the photo failed the quality gate first (seed 000: quality first). */
    record NotRun() implements ModelOutcome {
    }

    static ModelOutcome scored(Inference inference) {
        return new Scored(inference);
    }

    static ModelOutcome failed(InferenceException error) {
        return new Failed(error);
    }

    static ModelOutcome unavailable(String why) {
        return new Unavailable(why);
    }

    static ModelOutcome notRun() {
        return new NotRun();
    }
}
