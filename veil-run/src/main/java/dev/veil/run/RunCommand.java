package dev.veil.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code veil run} on the terminal: a {@link LocalRun} started, run to its end or to Ctrl-C, and its exit status; a
 * run that cannot start says why in one line.
 */
public final class RunCommand {

    private final RunOptions options;
    private final PrintStream out;
    private final PrintStream err;

    RunCommand(RunOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** {@code veil run ARGS}: its help, its options (or its usage, after the one that is wrong), then the run. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help")) {
            out.print(RunOptions.USAGE);
            return 0;
        }
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (UsageException e) {
            err.println("veil run: " + e.getMessage() + "\n");
            err.print(RunOptions.USAGE);
            return ExitStatus.USAGE.code();
        }
        return new RunCommand(options, out, err).call();
    }

    int call() {
        try {
            return untilTheEnd(LocalRun.start(options, out, err)).code();
        } catch (RunNotStarted e) {
            err.println("veil run: " + e.getMessage());
            return e.status().code();
        } catch (IOException e) {
            err.println("veil run: " + e.getMessage());
            return ExitStatus.FAILED.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.INTERRUPTED.code();
        }
    }

    /** Runs to the end of the input, or until Ctrl-C, which stops the input and lets the output file be finished. */
    private static ExitStatus untilTheEnd(LocalRun run) throws IOException, InterruptedException {
        CountDownLatch finalized = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            run.stop();
            try {
                finalized.await(30, TimeUnit.SECONDS); // let the output file be finished
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "veil-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return run.await().exitStatus();
        } finally {
            finalized.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and waits for `finalized`
            }
        }
    }
}
