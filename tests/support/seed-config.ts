// The seed configuration (shared/conformance client-scenarios.json "seed-two-gateways-shared-wildcard",
// from seed 000) after its Secret document: namespace Gateways a/gateway and b/gateway sharing the
// credential star-sample-com-tls-chain, their VirtualServices, Services and Deployments. Several test
// files start from it.
export const SEED_REST = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gateway
  namespace: a
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "a.sample.com"
    tls:
      mode: SIMPLE
      credentialName: star-sample-com-tls-chain
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "a.sample.com"
    tls:
      httpsRedirect: true
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gateway
  namespace: b
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "b.sample.com"
    tls:
      mode: SIMPLE
      credentialName: star-sample-com-tls-chain
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "b.sample.com"
    tls:
      httpsRedirect: true
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: a
spec:
  hosts:
  - "a.sample.com"
  gateways:
  - gateway
  http:
  - match:
    - uri:
        prefix: /api
    route:
    - destination:
        host: server
        port:
          number: 80
  - route:
    - destination:
        host: webapp
        port:
          number: 80
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: b
spec:
  hosts:
  - "b.sample.com"
  gateways:
  - gateway
  http:
  - match:
    - uri:
        prefix: /api
    route:
    - destination:
        host: server
        port:
          number: 80
  - route:
    - destination:
        host: webapp
        port:
          number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: server
  namespace: a
spec:
  selector:
    app: server
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: webapp
  namespace: a
spec:
  selector:
    app: webapp
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: server
  namespace: b
spec:
  selector:
    app: server
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: webapp
  namespace: b
spec:
  selector:
    app: webapp
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
  namespace: a
spec:
  replicas: 1
  selector:
    matchLabels:
      app: server
  template:
    metadata:
      labels:
        app: server
    spec:
      containers:
      - name: server
        image: example/server
        ports:
        - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
  namespace: a
spec:
  replicas: 1
  selector:
    matchLabels:
      app: webapp
  template:
    metadata:
      labels:
        app: webapp
    spec:
      containers:
      - name: webapp
        image: example/webapp
        ports:
        - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
  namespace: b
spec:
  replicas: 1
  selector:
    matchLabels:
      app: server
  template:
    metadata:
      labels:
        app: server
    spec:
      containers:
      - name: server
        image: example/server
        ports:
        - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
  namespace: b
spec:
  replicas: 1
  selector:
    matchLabels:
      app: webapp
  template:
    metadata:
      labels:
        app: webapp
    spec:
      containers:
      - name: webapp
        image: example/webapp
        ports:
        - containerPort: 8080
`;
