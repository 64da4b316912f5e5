package dev.veil.cli;

import dev.veil.inference.gpu.CudaLibraries.SearchFolder;
import dev.veil.inference.gpu.CudaLibraries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where {@code veil gpu-check} looks for CUDA's libraries on a machine it knows nothing about: the folders given on
 * the command line (and below them), the loader's path and the system folders, then the {@code nvidia} packages of
 * Python environments (NVIDIA's pip wheels put cuBLAS, cuDNN and the CUDA runtime in
 * {@code site-packages/nvidia/<package>/lib}, or {@code nvidia/cu13/lib}): the usual installs under {@code /usr},
 * {@code /opt} (a conda or a virtual environment) and the user's home, the active virtual or conda environment, and
 * the folders the {@code python3} on the path reports.
 */
final class CudaLibrarySearch {

    /** Below a folder named on the command line: deep enough for a whole Python environment or CUDA install. */
    static final int GIVEN_DEPTH = 8;
    /** Below {@code site-packages/nvidia}: {@code cudnn/lib/libcudnn.so.9}, {@code cu13/lib/...}. */
    static final int NVIDIA_PACKAGES_DEPTH = 4;

    private CudaLibrarySearch() {
    }

    /** Every folder to search on this machine, in order. */
    static List<SearchFolder> folders(List<Path> given) {
        List<Path> environments = new ArrayList<>(pythonEnvironments(Path.of("/"), System.getenv()));
        environments.addAll(interpreterSitePackages());
        return folders(given, Path.of("/"), System.getenv("LD_LIBRARY_PATH"), environments);
    }

    /** As above, under {@code root}, with the site-packages folders already known. */
    static List<SearchFolder> folders(List<Path> given, Path root, String ldLibraryPath, List<Path> sitePackages) {
        List<SearchFolder> folders = new ArrayList<>();
        given.forEach(dir -> folders.add(new SearchFolder(dir, GIVEN_DEPTH)));
        folders.addAll(CudaLibraries.systemFolders(root, ldLibraryPath));
        Set<Path> seen = new LinkedHashSet<>();
        for (Path site : sitePackages) {
            Path nvidia = site.resolve("nvidia");
            if (seen.add(nvidia.normalize()) && Files.isDirectory(nvidia)) {
                folders.add(new SearchFolder(nvidia, NVIDIA_PACKAGES_DEPTH));
            }
        }
        return folders;
    }

    /**
     * The {@code site-packages} and {@code dist-packages} folders of the Python environments in their usual places
     * under {@code root}: {@code usr}, {@code usr/local}, {@code opt/<name>} with its {@code .venv} or {@code venv},
     * the home folder's {@code .local}, and {@code VIRTUAL_ENV} and {@code CONDA_PREFIX} from {@code env}.
     */
    static List<Path> pythonEnvironments(Path root, Map<String, String> env) {
        List<Path> prefixes = new ArrayList<>(List.of(root.resolve("usr"), root.resolve("usr/local"),
                root.resolve("root/.local")));
        try (Stream<Path> opt = Files.list(root.resolve("opt"))) {
            opt.filter(Files::isDirectory).sorted().forEach(dir -> {
                prefixes.add(dir);
                prefixes.add(dir.resolve(".venv"));
                prefixes.add(dir.resolve("venv"));
            });
        } catch (IOException e) {
            // No /opt: nothing installed there.
        }
        for (String name : List.of("HOME", "VIRTUAL_ENV", "CONDA_PREFIX")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                Path dir = root.resolve(value.replaceFirst("^/+", ""));
                prefixes.add(name.equals("HOME") ? dir.resolve(".local") : dir);
            }
        }
        List<Path> sites = new ArrayList<>();
        for (Path prefix : prefixes) {
            try (Stream<Path> libs = Files.list(prefix.resolve("lib"))) {
                libs.filter(d -> d.getFileName().toString().startsWith("python3")).sorted().forEach(python -> {
                    sites.add(python.resolve("site-packages"));
                    sites.add(python.resolve("dist-packages"));
                });
            } catch (IOException e) {
                // Not a Python environment.
            }
        }
        return sites;
    }

    /** The site-packages folders the {@code python3} on the path reports, or none when there is no such program. */
    static List<Path> interpreterSitePackages() {
        try {
            Process p = new ProcessBuilder("python3", "-c",
                    "import site; print('\\n'.join(site.getsitepackages() + [site.getusersitepackages()]))")
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            // A few lines of output fit the pipe: waiting first cannot block the program, and bounds a hung one.
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines().filter(l -> !l.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
