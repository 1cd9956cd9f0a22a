import PostgresNIO

extension PostgresLocation {
    /// The driver's configuration: TLS from ``sslMode``, UTF-8 text, and the session settings.
    func connectionConfiguration() throws(PostgresSourceError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if isUnixSocket {
            // As libpq: no TLS over a local socket, whatever sslmode says.
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: try tls())
        }
        if let connectTimeoutSeconds { configuration.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds)) }
        // Cells must be UTF-8 whatever the database's encoding; the rest mirrors what libpq
        // sends from the environment, so values print as they would in psql.
        var parameters = [("client_encoding", "UTF8"), ("application_name", applicationName ?? "bearing")]
        if let timeZone { parameters.append(("TimeZone", timeZone)) }
        if let dateStyle { parameters.append(("DateStyle", dateStyle)) }
        configuration.options.additionalStartupParameters = parameters
        return configuration
    }

    private func tls() throws(PostgresSourceError) -> PostgresConnection.Configuration.TLS {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return .disable
        case .prefer, .require: tlsConfiguration.certificateVerification = .none
        case .verifyCA: tlsConfiguration.certificateVerification = .noHostnameVerification
        case .verifyFull: tlsConfiguration.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tlsConfiguration)
        } catch {
            throw PostgresSourceError(.connection, endpoint: endpoint, message: "cannot set up TLS: \(error)")
        }
        return sslMode == .prefer ? .prefer(context) : .require(context)
    }
}
