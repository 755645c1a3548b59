/**
 * Optimizers with PyTorch's update rules: Adam, SGD (plain, momentum, Nesterov) and RMSprop
 * ({@code docs/semantics.md}); {@link org.drtp.optim.Optimizers} creates them by id.
 */
package org.drtp.optim;
