/**
 * Datasets in memory ({@link org.drtp.data.Dataset}, {@link org.drtp.data.TrainTest}) and their readers: IDX
 * (MNIST, Fashion-MNIST), CIFAR-10 binary, CSV, the embedded MNIST sample, labelled streams and input
 * normalisation. Every reader checks its input and fails with a one-line {@link org.drtp.data.DataException}.
 */
package org.drtp.data;
