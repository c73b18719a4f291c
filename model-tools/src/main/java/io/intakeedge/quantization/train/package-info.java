/**
 * A small, deterministic float CNN trainer in plain Java, and the float reference forward pass.
 *
 * <p>Typical use (the demo model's procedure): crops of the synthetic scene, normalized with
 * {@link io.intakeedge.quantization.train.Dataset#normalize(byte[])}, go into
 * {@code new CnnTrainer(TrainerConfig.defaults()).fit(Architecture.demo(), train, validation, listener)}; the
 * resulting {@link io.intakeedge.quantization.graph.NetworkSpec} is written as a float TFLite model by the builder
 * and made INT8 by post-training quantization. {@link io.intakeedge.quantization.train.FloatNetwork} runs a
 * {@code NetworkSpec} in plain Java, the reference TFLite outputs are compared with.
 *
 * <p>Supported layers: Conv2D (any kernel and stride, SAME padding, fused ReLU/ReLU6), MaxPool2D (SAME),
 * global average pooling, Dense, and a softmax cross-entropy head. Training is data-parallel over the samples of a
 * batch with a fixed reduction order, so a seed fixes the weights bit for bit on any number of threads.
 */
package io.intakeedge.quantization.train;
