package dev.veil.inference.gpu;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test that needs a CUDA device and TensorRT. Elsewhere it is skipped with a message saying what is missing;
 * nothing of CUDA is loaded to find out ({@link GpuEnvironment}). On a GPU machine with TensorRT 10.15 installed (the
 * GPU image's base): {@code mvn -B -ntp -pl inference -am -Pgpu test -Dtest='TensorRt*'
 * -Dsurefire.failIfNoSpecifiedTests=false} (the {@code gpu} profile puts the JNI glue on the classpath).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresCuda.Condition.class)
public @interface RequiresCuda {

    /** Enabled only where {@link GpuEnvironment#tensorRtMissing()} finds nothing missing. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return GpuEnvironment.here().tensorRtMissing()
                    .map(why -> ConditionEvaluationResult.disabled("TensorRT test skipped: " + why))
                    .orElse(ConditionEvaluationResult.enabled("CUDA device and TensorRT present"));
        }
    }
}
