import Foundation
import GafferContracts
import GafferStore

/// A stage's accepted output: copied to `output/<job_id>/stages/<stage>/` when its attempt proceeds, so later
/// stages (and retries of later stages) read the accepted one, and the last stage's becomes the job's output.
enum Acceptance {
    static func acceptedFolder(jobID: String, stage: StageName, layout: SandboxLayout) -> String {
        layout.outputFolder(jobID) + "/stages/" + stage.rawValue
    }

    static func acceptedOutput(jobID: String, stage: Workflow.Stage, layout: SandboxLayout) -> String? {
        let path = acceptedFolder(jobID: jobID, stage: stage.name, layout: layout) + "/" + stage.output
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Copies the attempt's output into place (temp name, then rename); for the last stage also into `output/<job_id>/`.
    static func accept(attemptID: String, jobID: String, stage: Workflow.Stage, isLast: Bool, layout: SandboxLayout) throws {
        let source = layout.attemptFolder(jobID, attemptID) + "/" + stage.output
        guard FileManager.default.fileExists(atPath: source) else { return }
        var targets = [acceptedFolder(jobID: jobID, stage: stage.name, layout: layout) + "/" + stage.output]
        if isLast { targets.append(layout.outputFolder(jobID) + "/" + (stage.output as NSString).lastPathComponent) }
        for target in targets {
            let folder = (target as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = folder + "/.accept-\(attemptID)-" + (target as NSString).lastPathComponent
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
            if FileManager.default.fileExists(atPath: target) {
                _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: target), withItemAt: URL(fileURLWithPath: temporary))
            } else {
                try FileManager.default.moveItem(atPath: temporary, toPath: target)
            }
        }
    }
}
