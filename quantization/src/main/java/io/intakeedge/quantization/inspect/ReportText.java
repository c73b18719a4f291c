package io.intakeedge.quantization.inspect;

import io.intakeedge.quantization.model.EmbeddedMetadata;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.tensor.Quantization;

import java.util.List;
import java.util.Locale;

/** Renders a {@link ModelReport} as aligned plain text for a terminal. */
final class ReportText {
    private ReportText() {
    }

    static String render(ModelReport r) {
        StringBuilder b = new StringBuilder();
        line(b, "Model     %s", r.source());
        line(b, "Size      %,d bytes   sha256 %s", r.sizeBytes(), r.sha256());
        line(b, "Schema    v%d   %s", r.schemaVersion(), r.description().isEmpty() ? "" : "\"" + r.description() + "\"");
        b.append('\n');
        section(b, "Inputs", r.inputs());
        section(b, "Outputs", r.outputs());
        line(b, "Operators (%d nodes)", r.nodes().size());
        for (ModelReport.OperatorUse op : r.operators()) {
            line(b, "  %-22s v%-3d x%d", op.name(), op.version(), op.count());
        }
        b.append('\n');
        if (r.runtimeError() != null) {
            line(b, "XNNPACK   unknown: TFLite cannot open this model (%s)", r.runtimeError());
        } else {
            line(b, "XNNPACK   takes %d of %d nodes in %d partition(s)", r.xnnpackNodes(), r.nodes().size(),
                    r.xnnpackPartitions());
        }
        List<ModelReport.Node> floats = r.floatNodes();
        line(b, "Float     %s", floats.isEmpty() ? "none: every node computes in integer arithmetic"
                : floats.size() + " node(s) compute in float");
        line(b, "MACs      %,d per inference (conv, depthwise, fully connected)", r.macs());
        b.append('\n');
        line(b, "Nodes");
        for (ModelReport.Node n : r.nodes()) {
            line(b, "  #%-3d %-22s %-5s %-8s %,14d MACs  in %s -> out %s", n.index(), n.operator(),
                    n.inFloat() ? "float" : "int", n.xnnpack() ? "xnnpack" : "builtin", n.macs(), n.inputs(),
                    n.outputs());
        }
        b.append('\n');
        metadata(b, r.metadata());
        line(b, "Tensors (%d)", r.tensors().size());
        for (TensorInfo t : r.tensors()) {
            line(b, "  #%-3d %-28s %-7s %-18s %-5s %s", t.index(), abbreviate(t.name(), 28), t.type(), t.shape(),
                    t.constant() ? "const" : "", quantization(t.quantization()));
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<TensorInfo> tensors) {
        line(b, title);
        for (TensorInfo t : tensors) {
            line(b, "  %-28s %-7s %-18s %s", abbreviate(t.name(), 28), t.type(), t.shape(),
                    quantization(t.quantization()));
        }
        b.append('\n');
    }

    private static void metadata(StringBuilder b, EmbeddedMetadata md) {
        if (md == null) {
            line(b, "Metadata  none");
        } else {
            line(b, "Metadata  %s %s", md.name(), md.version());
            line(b, "  labels        %s", md.labels().isEmpty() ? "none" : md.labels());
            line(b, "  normalization %s", md.normalization() == null ? "none"
                    : "mean " + md.normalization().mean() + " std " + md.normalization().std());
        }
        b.append('\n');
    }

    static String quantization(Quantization q) {
        if (!q.isQuantized()) {
            return "";
        }
        if (!q.isPerChannel()) {
            return String.format(Locale.ROOT, "scale %.6g zp %d", q.scales().get(0),
                    q.zeroPoints().isEmpty() ? 0 : q.zeroPoints().get(0));
        }
        double min = q.scales().stream().mapToDouble(Float::doubleValue).min().orElse(0);
        double max = q.scales().stream().mapToDouble(Float::doubleValue).max().orElse(0);
        return String.format(Locale.ROOT, "per-channel x%d (dim %d) scale %.4g..%.4g", q.scales().size(),
                q.quantizedDimension(), min, max);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
