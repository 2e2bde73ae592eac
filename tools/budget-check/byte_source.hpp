#pragma once
// Reading log files as a stream of bytes, injected: the real reader uses read(2) in large
// chunks (posix_source.cpp, the only file here that touches the OS); tests and small files go
// through the Context's FileSystem.

#include <cstddef>
#include <memory>
#include <string>

#include <lifeline/core/file_system.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::budget {

class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Copies up to `capacity` bytes into `buffer`; 0 at the end of the data (the end as it was
    // when read: a file still being appended to simply ends there). ErrorCode::io on failure.
    virtual Result<std::size_t> read(char* buffer, std::size_t capacity) = 0;
};

class LogOpener {
  public:
    virtual ~LogOpener() = default;
    // Opens a regular file. not_found when missing, invalid_input for a directory, io otherwise.
    virtual Result<std::unique_ptr<ByteSource>> open(const std::string& path) const = 0;
};

// Serves a string (owned) as a byte stream.
class StringSource final : public ByteSource {
  public:
    explicit StringSource(std::string data) : m_data(std::move(data)) {}
    Result<std::size_t> read(char* buffer, std::size_t capacity) override;

  private:
    std::string m_data;
    std::size_t m_offset = 0;
};

// Opens files through a FileSystem (reads each whole; meant for tests and small inputs).
class FileSystemOpener final : public LogOpener {
  public:
    explicit FileSystemOpener(const FileSystem& fs) : m_fs(fs) {}
    Result<std::unique_ptr<ByteSource>> open(const std::string& path) const override;

  private:
    const FileSystem& m_fs;
};

// The real opener: streams local files with read(2), never loading a whole file.
std::unique_ptr<LogOpener> make_posix_opener();

}  // namespace lifeline::budget
