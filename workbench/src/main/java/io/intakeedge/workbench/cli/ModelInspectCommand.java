package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;

import io.intakeedge.quantization.inspect.ModelInspector;
import io.intakeedge.quantization.inspect.ModelReport;
import io.intakeedge.quantization.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code intake-edge model inspect MODEL.tflite [--json]}: operators, tensor types and quantization parameters, what
 * stays float, how many nodes XNNPACK takes, MAC estimate and metadata. The model goes through the verified loader
 * first, so inspecting a hostile file is as safe as serving it.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a .tflite model: operators, tensors, quantization, XNNPACK coverage, MACs, metadata.")
final class ModelInspectCommand extends ToolCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "the .tflite file")
    Path model;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    protected int run() throws Exception {
        ModelReport report = new ModelInspector().inspect(ModelLoader.defaults().load(model));
        out().println(json ? report.toJson() : report.toText());
        out().flush();
        return OK;
    }
}
