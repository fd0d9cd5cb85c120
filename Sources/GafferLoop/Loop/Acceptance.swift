import Foundation
import GafferContracts
import GafferStore

/// A job's final output: the accepted output of its last stage, placed in `output/<job_id>/` under a temp name,
/// then renamed. It is a hard link to the attempt's file (a render of gigabytes is not copied), made read-only
/// since both names are one file: the delivered output and the attempt's evidence cannot drift apart. Where a
/// link cannot be made (another file system) it is copied. Stage-to-stage inputs are read from the accepted
/// attempt's folder, as the store records it.
enum Acceptance {
    static func deliver(_ accepted: AcceptedOutput, stage: Workflow.Stage, layout: SandboxLayout) throws(JobFault) {
        let source = layout.path(accepted.path)
        let target = layout.outputFolder(accepted.jobID) + "/" + (stage.output as NSString).lastPathComponent
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = folder + "/.accept-\(accepted.attemptID)-" + (target as NSString).lastPathComponent
        do {
            if access(folder, F_OK) != 0 {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            unlink(temporary)
            if link(source, temporary) == 0 {
                chmod(temporary, 0o444)
            } else if [EXDEV, EPERM, EMLINK, ENOTSUP].contains(errno) {
                try FileManager.default.copyItem(atPath: source, toPath: temporary)
            } else {
                let code = errno
                throw JobFault.escalate("cannot deliver \(accepted.path) to \(layout.relative(folder))/: \(String(cString: strerror(code))) — make the folder writable, then answer RETRY_STAGE")
            }
            if rename(temporary, target) != 0 {
                let code = errno
                try? FileManager.default.removeItem(atPath: temporary)
                throw JobFault.escalate("cannot move the output into \(layout.relative(target)): \(String(cString: strerror(code)))")
            }
        } catch let fault as JobFault {
            throw fault
        } catch {
            throw .escalate("cannot deliver \(accepted.path) to \(layout.relative(folder))/: \(error.localizedDescription) — make the folder writable, then answer RETRY_STAGE")
        }
    }
}
