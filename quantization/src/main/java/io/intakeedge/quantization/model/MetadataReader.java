package io.intakeedge.quantization.model;

import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.support.metadata.MetadataExtractor;
import org.tensorflow.lite.support.metadata.schema.AssociatedFile;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnit;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadata;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TFLite Support metadata ({@code TFLITE_METADATA} buffer): model name/version, the first input's
 * normalization and the first output's label file (an associated file in the zip appended to the model).
 */
final class MetadataReader {
    static final String METADATA_NAME = "TFLITE_METADATA";

    private MetadataReader() {
    }

    /** The metadata, or null when the model carries none. */
    static EmbeddedMetadata read(Model model, byte[] fileBytes) throws ModelException {
        ByteBuffer raw = metadataBuffer(model);
        if (raw == null) {
            return null;
        }
        try {
            ModelMetadata md = ModelMetadata.getRootAsModelMetadata(raw);
            SubGraphMetadata sg = md.subgraphMetadataLength() > 0 ? md.subgraphMetadata(0) : null;
            Normalization norm = null;
            List<String> labels = List.of();
            if (sg != null && sg.inputTensorMetadataLength() > 0) {
                norm = normalization(sg.inputTensorMetadata(0));
            }
            if (sg != null && sg.outputTensorMetadataLength() > 0) {
                String file = labelFile(sg.outputTensorMetadata(0));
                if (file != null) {
                    labels = readLabels(fileBytes, file);
                }
            }
            return new EmbeddedMetadata(md.name(), md.description(), md.version(), labels, norm);
        } catch (RuntimeException | IOException e) {
            // a malformed metadata block must not pass silently: labels and normalization come from it
            throw new ModelException("model metadata (" + METADATA_NAME + ") is malformed: " + e, e);
        }
    }

    private static ByteBuffer metadataBuffer(Model model) {
        for (int i = 0; i < model.metadataLength(); i++) {
            if (METADATA_NAME.equals(model.metadata(i).name())) {
                ByteBuffer data = model.buffers((int) model.metadata(i).buffer()).dataAsByteBuffer();
                return data == null ? null : data.slice();
            }
        }
        return null;
    }

    private static Normalization normalization(TensorMetadata input) {
        for (int i = 0; i < input.processUnitsLength(); i++) {
            ProcessUnit unit = input.processUnits(i);
            if (unit.optionsType() == ProcessUnitOptions.NormalizationOptions) {
                NormalizationOptions n = (NormalizationOptions) unit.options(new NormalizationOptions());
                List<Float> mean = new ArrayList<>();
                List<Float> std = new ArrayList<>();
                for (int k = 0; k < n.meanLength(); k++) {
                    mean.add(n.mean(k));
                }
                for (int k = 0; k < n.stdLength(); k++) {
                    std.add(n.std(k));
                }
                return new Normalization(mean, std);
            }
        }
        return null;
    }

    private static String labelFile(TensorMetadata output) {
        for (int i = 0; i < output.associatedFilesLength(); i++) {
            AssociatedFile f = output.associatedFiles(i);
            if (f.type() == AssociatedFileType.TENSOR_AXIS_LABELS) {
                return f.name();
            }
        }
        return null;
    }

    private static List<String> readLabels(byte[] fileBytes, String name) throws IOException {
        MetadataExtractor extractor = new MetadataExtractor(ByteBuffer.wrap(fileBytes));
        List<String> labels = new ArrayList<>();
        try (InputStream in = extractor.getAssociatedFile(name);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                // TFLite Support stores associated files uncompressed; a deflated entry reads as binary garbage
                if (line.chars().anyMatch(c -> c == 0xFFFD || Character.isISOControl(c) && c != '\t')) {
                    throw new IOException("label file " + name + " is not plain UTF-8 text (compressed zip entry?)");
                }
                labels.add(line.strip());
            }
        }
        return labels;
    }
}
