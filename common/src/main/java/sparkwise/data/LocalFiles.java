package sparkwise.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with permissions read and set through Java NIO.
 * Without Hadoop's native library (not on Maven Central, so not here), {@code RawLocalFileSystem}
 * starts an {@code ls -ld} process to read a file's permissions whenever a listing is located or a
 * status is asked for, and a {@code chmod} process for every file and folder it creates: 2,365
 * processes of about 10 ms each while saving the demo's model three times. Everything else is
 * Hadoop's own, checksums included; set as {@code fs.file.impl}.
 */
public final class LocalFiles extends LocalFileSystem {
  public LocalFiles() {
    super(new Raw());
  }

  /** Whether {@code path} (a warehouse, say) is served by this file system under {@code conf}. */
  public static boolean serves(String path, org.apache.hadoop.conf.Configuration conf) {
    try {
      return new Path(path).getFileSystem(conf) instanceof LocalFiles;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The raw local file system, its permissions through NIO where the platform has POSIX attributes. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      FileStatus s = withPermissions(super.getFileStatus(f));
      if (s == null) {
        throw new java.io.FileNotFoundException("File " + f + " does not exist");
      }
      return s;
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      // A file can go between the listing and its attributes (a concurrent writer renaming its
      // temporary file): left out, as Hadoop's own listing leaves out what it can no longer see.
      List<FileStatus> out = new ArrayList<>();
      for (FileStatus s : super.listStatus(f)) {
        FileStatus withPermissions = withPermissions(s);
        if (withPermissions != null) {
          out.add(withPermissions);
        }
      }
      return out.toArray(FileStatus[]::new);
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }

    /** {@code s} with its permissions, owner and group, or null when the file is gone. */
    FileStatus withPermissions(FileStatus s) throws IOException {
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(pathToFile(s.getPath()).toPath(), PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException e) {
        return s; // not POSIX: Hadoop's own way
      } catch (java.nio.file.NoSuchFileException e) {
        return null; // gone since it was listed
      }
      return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(),
          s.getModificationTime(), s.getAccessTime(), hadoop(a.permissions()), a.owner().getName(),
          a.group().getName(), s.isSymlink() ? s.getSymlink() : null, s.getPath());
    }

    private static Set<PosixFilePermission> posix(FsPermission p) {
      return PosixFilePermissions.fromString(
          p.getUserAction().SYMBOL + p.getGroupAction().SYMBOL + p.getOtherAction().SYMBOL);
    }

    private static FsPermission hadoop(Set<PosixFilePermission> p) {
      return FsPermission.valueOf("-" + PosixFilePermissions.toString(p));
    }
  }
}
