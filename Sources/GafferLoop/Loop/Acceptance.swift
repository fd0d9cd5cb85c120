import Foundation
import GafferContracts
import GafferStore

/// A job's final output: the accepted output of its last stage, copied to `output/<job_id>/` (temp name, then
/// rename). Stage-to-stage inputs are read from the accepted attempt's folder, as the store records it.
enum Acceptance {
    static func deliver(_ accepted: AcceptedOutput, stage: Workflow.Stage, layout: SandboxLayout) throws(JobFault) {
        let source = layout.path(accepted.path)
        let target = layout.outputFolder(accepted.jobID) + "/" + (stage.output as NSString).lastPathComponent
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = folder + "/.accept-\(accepted.attemptID)-" + (target as NSString).lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
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
