/**
 * Trained models on disk: {@link org.drtp.model.ModelFile} (a network, its rule and what is needed to use it)
 * and {@link org.drtp.model.ModelState}, the one writer and reader of a model's tensors that model files and
 * training checkpoints share. The file formats themselves (safetensors, atomic writes) are in {@code org.drtp.io}.
 */
package org.drtp.model;
