package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;

import io.intakeedge.workbench.demo.model.DemoModelBuild;
import io.intakeedge.workbench.demo.model.DemoModelSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code intake-edge model build-demo --out bundles/demo [...]}: re-makes the shipped demo bundle from scratch —
 * synthetic scene crops, Java CNN training, float TFLite, post-training quantization, agreement gate. The options
 * are {@link DemoModelSettings#parse}'s; the defaults reproduce the committed model byte for byte.
 */
@Command(name = "build-demo", mixinStandardHelpOptions = true,
        description = "Rebuild the demo bundle (train on the synthetic scene, quantize to INT8, check agreement).")
final class ModelBuildDemoCommand extends ToolCommand {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        DemoModelSettings settings = DemoModelSettings.parse(args.toArray(String[]::new));
        var report = new DemoModelBuild(settings, DemoModelBuild.MIN_TOP1_AGREEMENT, System.out).build();
        var overall = report.agreement().overall();
        out().printf("bundle %s: model sha256 %s, %d bytes; validation accuracy float %.4f int8 %.4f, "
                        + "top-1 agreement %.4f%n", report.bundle(), report.modelSha256(), report.int8Bytes(),
                overall.referenceAccuracy(), overall.candidateAccuracy(), overall.top1Agreement());
        out().flush();
        return OK;
    }
}
