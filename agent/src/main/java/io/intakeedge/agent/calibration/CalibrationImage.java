package io.intakeedge.agent.calibration;

import io.intakeedge.capture.Box;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One image of a calibration or agreement set.
 *
 * @param file     the image file
 * @param relative its path under the set's directory, '/'-separated (the id in reports)
 * @param box      the region the model sees; empty for a plain photo, whose whole image is the region
 * @param camera   the camera it came from, when the manifest or the file name says so
 * @param route    the station's route, for images exported from a station
 */
public record CalibrationImage(Path file, String relative, Optional<Box> box, Optional<String> camera,
                               Optional<String> route) {

    /** The first folder under the set's directory, or empty for a file at its top. */
    public Optional<String> folder() {
        int slash = relative.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(relative.substring(0, slash));
    }
}
