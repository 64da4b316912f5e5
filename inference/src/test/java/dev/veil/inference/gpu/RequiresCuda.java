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
 * A test that needs a CUDA device and TensorRT's natives. Elsewhere it is skipped with a message saying what is
 * missing; nothing of CUDA is loaded to find out (see {@link GpuProbe}). On a GPU machine:
 * {@code mvn -B -ntp -pl inference -Pimages test -Dtest='TensorRt*'} (the {@code images} profile puts the natives
 * on the classpath).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresCuda.Condition.class)
public @interface RequiresCuda {

    /** Enabled only where {@link GpuProbe} finds a device and the JNI glue of TensorRT is on the classpath. */
    final class Condition implements ExecutionCondition {
        private static final String JNI = "org/bytedeco/tensorrt/linux-x86_64/libjninvinfer.so";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            GpuProbe gpu = GpuProbe.probe();
            if (!gpu.present()) {
                return ConditionEvaluationResult.disabled("no CUDA device (" + gpu.missing() + "): TensorRT test skipped");
            }
            if (Condition.class.getClassLoader().getResource(JNI) == null) {
                return ConditionEvaluationResult.disabled("a GPU is present but TensorRT's natives are not on the"
                        + " classpath: run with -Pimages");
            }
            return ConditionEvaluationResult.enabled("CUDA device present");
        }
    }
}
