package io.intakeedge.profiles;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The profile a station runs with and why: the facts of the machine, the reasons that picked the profile (detection,
 * a name in the config, overrides) and what an operator should know (deprecated id, unknown hardware, old JetPack).
 */
public record ProfileChoice(DeviceProfile profile, HostFacts facts, List<String> reasons, List<String> warnings) {

    public ProfileChoice {
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
    }

    /** What the status API shows: the id and why, without the full profile. */
    public record Summary(@JsonProperty("id") String id, @JsonProperty("reasons") List<String> reasons,
                          @JsonProperty("warnings") List<String> warnings) {
    }

    public Summary summary() {
        return new Summary(profile.id(), reasons, warnings);
    }
}
