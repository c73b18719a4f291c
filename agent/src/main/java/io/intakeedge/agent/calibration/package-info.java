/**
 * A station's own frames as calibration and agreement material, and the serving-exact inputs the operator tools need.
 *
 * <ul>
 *   <li>{@link io.intakeedge.agent.calibration.CalibrationSampler}: the pipeline offers every stored trace and its
 *   frame; a configurable fraction of gate-passed frames is kept as {@code <data>/calibration/<day>/<trace id>.jpg},
 *   at most N files, oldest deleted first.</li>
 *   <li>{@link io.intakeedge.agent.calibration.CalibrationExport} ({@code calibration export}): a seeded sample of
 *   those frames and of gate-passed evidence JPEGs, copied to {@code <out>/<route>/<trace id>.jpg} with a
 *   {@link io.intakeedge.agent.calibration.CalibrationManifest} ({@code manifest.json}: trace id, camera,
 *   captured_at, brightness, blur, score, route, parcel box).</li>
 *   <li>{@link io.intakeedge.workbench.calibration.CalibrationSet}: the images under a directory, with the manifest's
 *   box as each image's region (a plain photo's region is the whole image).</li>
 *   <li>{@link io.intakeedge.workbench.calibration.CalibrationInputs} ({@code quantize}) and
 *   {@link io.intakeedge.workbench.calibration.AgreementSamples} + {@link io.intakeedge.workbench.calibration.RegionClassifier}
 *   ({@code model agreement}) prepare every image with the runtime's own input writer, so calibration and agreement
 *   see exactly what serving sees.</li>
 * </ul>
 */
package io.intakeedge.agent.calibration;
