package io.intakeedge.capture.presentation;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.source.VideoFileSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's reproduction: an MJPEG AVI written by OpenCV's VideoWriter showing 12 different objects, 20 frames each.
 * Before the fix, objects swapped without the station looking empty gave 2-3 decisions and no trace of the rest.
 * Now every object is decided exactly once, whatever the frame rate, and nothing is skipped.
 */
class PresentationOnVideoTest {
    private static final int OBJECTS = 12;
    private static final int FRAMES_EACH = 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} fps, {1} empty lead frames, {2} empty frames between objects")
    @CsvSource({"10, 0, 0", "30, 0, 0", "10, 10, 0", "30, 10, 0", "10, 10, 5", "30, 10, 5"})
    void everyObjectIsDecidedOnceAtAnyFrameRate(double fps, int lead, int gap) throws Exception {
        Path video = ObjectVideo.write(dir.resolve("objects.avi"), fps, OBJECTS, FRAMES_EACH, lead, gap);
        List<Long> presentedFrames = new ArrayList<>();
        List<SkippedPresentation> skipped = new ArrayList<>();
        run(video, presentedFrames, skipped);

        assertThat(skipped).as("skipped presentations").isEmpty();
        assertThat(presentedFrames).hasSize(OBJECTS);
        // each decision shows a different object: frame index -> object number
        TreeSet<Long> objects = new TreeSet<>();
        for (long index : presentedFrames) {
            long sinceLead = index - lead;
            assertThat(sinceLead % (FRAMES_EACH + gap)).as("frame %d shows an object", index).isLessThan(FRAMES_EACH);
            objects.add(sinceLead / (FRAMES_EACH + gap));
        }
        assertThat(objects).hasSize(OBJECTS);
    }

    private static void run(Path video, List<Long> presented, List<SkippedPresentation> skipped)
            throws CaptureException {
        try (VideoFileSource source = new VideoFileSource(video, "cam");
             QualityAnalyzer analyzer = new QualityAnalyzer();
             PresentationTrigger trigger = new PresentationTrigger()) {
            trigger.onSkipped(skipped::add);
            Optional<Frame> next;
            while ((next = source.next()).isPresent()) {
                try (Frame frame = next.get()) {
                    trigger.offer(frame, analyzer.analyze(frame)).ifPresent(p -> {
                        presented.add(p.frame().index());
                        p.close();
                    });
                }
            }
            trigger.finish().ifPresent(p -> {
                presented.add(p.frame().index());
                p.close();
            });
        }
    }
}
