package dev.veil.cli;

import dev.veil.bench.BenchCommand;
import dev.veil.bench.EvalCommand;
import dev.veil.run.ExitStatus;
import dev.veil.run.RunCommand;
import java.io.PrintStream;
import org.bytedeco.ffmpeg.global.avutil;

/** The {@code veil} command. */
public final class Veil {

    static final String USAGE = """
            Usage: veil <command> [options]

            Commands:
              run     anonymize faces in a video file or stream, live in the browser (and to a file)
              bench   measure Veil on this machine against ffmpeg and GStreamer; --soak for an endurance run
              eval    measure how many faces Veil finds and hides on the accuracy set (photos and clips of them)
              gpu-check  check that faces are detected on this machine's GPU, as on the CPU, and how fast
              help    show this help; 'veil run --help' shows the options of run
            """;

    private Veil() {
    }

    public static void main(String[] args) {
        // FFmpeg prints a banner per file it opens at its default level; keep only its errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? ExitStatus.USAGE.code() : ExitStatus.OK.code();
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals("bench")) {
            return BenchCommand.execute(rest, out, err);
        }
        if (args[0].equals("gpu-check")) {
            return GpuCheckCommand.run(rest, out, err);
        }
        if (args[0].equals("eval")) {
            return EvalCommand.execute(rest, out, err);
        }
        if (!args[0].equals("run")) {
            err.println("veil: unknown command '" + args[0] + "'\n");
            err.print(USAGE);
            return ExitStatus.USAGE.code();
        }
        return RunCommand.execute(rest, out, err);
    }
}
