package org.drtp.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.drtp.settings.InvalidSettingException;

/**
 * Creates learning rules from their short ids (case-insensitive, as the reference's --train-mode). The registry
 * below is the one list of rules: a new rule is its class plus one line here; the ids, the error message and the
 * {@code --train-mode} help text (docs/settings.md) follow from it.
 */
public final class LearningRules {

    private static final Map<String, Supplier<LearningRule>> REGISTRY = new LinkedHashMap<>();

    static {
        // In the paper's order (tables and figures list rules in this order).
        REGISTRY.put("bp", Backpropagation::new);
        REGISTRY.put("fa", FeedbackAlignment::new);
        REGISTRY.put("dfa", DirectFeedbackAlignment::new);
        REGISTRY.put("sdfa", ErrorSignDirectFeedbackAlignment::new);
        REGISTRY.put("drtp", DirectRandomTargetProjection::new);
        REGISTRY.put("shallow", ShallowLearning::new);
    }

    /** All ids, in the paper's order. */
    public static final List<String> IDS = List.copyOf(REGISTRY.keySet());

    private LearningRules() {
    }

    public static LearningRule create(String id) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        Supplier<LearningRule> rule = REGISTRY.get(v);
        if (rule == null) {
            throw new InvalidSettingException("train_mode", "unknown train mode '" + id + "': expected one of "
                    + String.join(", ", IDS) + " (case-insensitive)");
        }
        return rule.get();
    }
}
