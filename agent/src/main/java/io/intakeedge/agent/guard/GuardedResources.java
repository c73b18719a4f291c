package io.intakeedge.agent.guard;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.intakeedge.profiles.ResourceStatus;
import io.intakeedge.quantization.runtime.BackendChoice;

import java.util.List;

/**
 * {@code resources} of {@code /api/status}: the disk, heap and thermal measurements against the profile (fields of
 * {@link ResourceStatus}, unchanged), plus each guard's state and action, and the inference backend the profile's
 * accelerator order ended on with the reasons any preferred one was passed over.
 *
 * @param accelerator null when no bundle is serving
 */
public record GuardedResources(@JsonUnwrapped ResourceStatus measured, List<GuardState> guards,
                               BackendChoice accelerator) {
    public GuardedResources {
        guards = List.copyOf(guards);
    }
}
