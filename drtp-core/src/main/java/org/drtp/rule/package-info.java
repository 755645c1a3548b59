/**
 * The learning rules: BP, FA, DFA, sDFA, DRTP and shallow learning, each the learning signal a hidden layer
 * receives at its post-activation output ({@code docs/semantics.md}); {@link org.drtp.rule.LearningRules} creates
 * them by id.
 */
package org.drtp.rule;
