/**
 * The paper's experiments as grids of independent runs (Frenkel, Lefebvre and Bol 2021: figures 2 and 3,
 * tables 1 to 3): a {@link org.drtp.experiment.RunSpec} per (experiment, network, setting, rule, trial),
 * a {@link org.drtp.experiment.ResultStore} that writes each finished run atomically and lets a rerun skip
 * it, deterministic shards of a grid for clusters, a parallel {@link org.drtp.experiment.ExperimentRunner},
 * and the statistics (mean ± sample std over trials) the tables and plots are made of.
 */
package org.drtp.experiment;
