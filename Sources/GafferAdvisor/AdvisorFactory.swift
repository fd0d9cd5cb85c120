import Foundation
import GafferContracts
import GafferLoop

extension AdvisorSettings {
    /// The advisor these settings describe. The API key is read here, from the variable `api_key_env` names: a
    /// variable that is not set is an error now, not an unavailable advisor on every decision.
    public func makeAdvisor(environment: [String: String] = ProcessInfo.processInfo.environment, source file: String) throws(ContractError) -> any Advisor {
        switch kind {
        case .openai(let baseURL, let model, let keyEnv):
            var key: String?
            if let keyEnv {
                guard let value = environment[keyEnv], !value.isEmpty else {
                    throw .violations(source: file, [SchemaViolation(
                        path: JSONPointer.root.appending("api_key_env"), message: "names \(keyEnv), which is not set in the environment")])
                }
                key = value
            }
            return ChatCompletionsAdvisor(baseURL: baseURL, model: model, apiKey: key, timeoutSeconds: timeoutSeconds, promptVersion: promptVersion)
        case .command(let argv, let names):
            return CommandAdvisor(argv: argv, environmentNames: names, timeoutSeconds: timeoutSeconds)
        }
    }
}
