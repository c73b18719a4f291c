package io.intakeedge.quantization.train;

/**
 * Loss and accuracy after one epoch. Validation figures are NaN when no validation set was given.
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean cross-entropy over the epoch's training samples (as trained, with augmentation)
 * @param trainAccuracy      fraction of training samples classified right during the epoch
 * @param validationLoss     mean cross-entropy on the validation set after the epoch
 * @param validationAccuracy fraction of validation samples classified right after the epoch
 * @param millis             wall-clock time of the epoch including validation
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, long millis) {
}
