module github.com/sdkjwt/sdkjwt

go 1.26
